import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChatLayout } from "@/components/chat/chat-layout";
import { JoinRoomButton } from "@/components/chat/join-room-button";
import { RoomView } from "@/components/chat/room-view";
import { loadRoomContext } from "@/lib/authz/door";
import { decide } from "@/lib/authz/policy";
import { listMessages } from "@/lib/messages";
import { realtimeClientConfig } from "@/lib/realtime/pusher";
import { channelsOf } from "@/lib/realtime/room-channels";
import { listRoomsForUser } from "@/lib/rooms";
import { requirePageUser } from "@/lib/session";

type Params = Promise<{ slug: string }>;

export const metadata: Metadata = { title: "Room" };

export default async function RoomPage({ params }: { params: Params }) {
  const { slug } = await params;
  const user = await requirePageUser({ returnTo: `/rooms/${encodeURIComponent(slug)}` });
  const loaded = /^[a-z0-9-]{1,64}$/.test(slug) ? await loadRoomContext({ userId: user.id, where: { slug } }) : null;
  // A private room you are not in does not exist, as far as you can tell.
  if (!loaded || !decide({ caller: { userId: user.id }, room: loaded.context, action: { type: "room.view" } }).allow) notFound();
  const { room, context } = loaded;
  const rooms = await listRoomsForUser({ userId: user.id });

  if (!context.role) {
    return (
      <ChatLayout config={realtimeClientConfig} rooms={rooms} currentRoomId={null} meId={user.id}>
        <div className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-3 px-4 text-center">
          <h1 className="text-2xl font-semibold"># {room.name}</h1>
          {room.description && <p className="text-zinc-600 dark:text-zinc-400">{room.description}</p>}
          <p className="text-sm text-zinc-500">This is a public room. Join to read and send messages.</p>
          <JoinRoomButton roomId={room.id} />
        </div>
      </ChatLayout>
    );
  }

  const history = await listMessages({ roomId: room.id, limit: 50 });
  return (
    <ChatLayout config={realtimeClientConfig} rooms={rooms} currentRoomId={room.id} meId={user.id}>
      <RoomView
        key={room.id}
        room={{ id: room.id, slug: room.slug, name: room.name, description: room.description }}
        me={{ id: user.id, name: user.name }}
        canModerate={context.role === "OWNER" || context.role === "ADMIN"}
        channels={channelsOf({ id: room.id, channelKey: context.channelKey })}
        initialMessages={history.messages}
        initialCursor={history.nextCursor}
      />
    </ChatLayout>
  );
}
