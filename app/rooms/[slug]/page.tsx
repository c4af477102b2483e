import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChatLayout } from "@/components/chat/chat-layout";
import { JoinRoomButton } from "@/components/chat/join-room-button";
import { RoomView } from "@/components/chat/room-view";
import { decide } from "@/lib/authz/policy";
import { conversationName } from "@/lib/conversations";
import { prisma } from "@/lib/db";
import { listMessages, listMessagesAround } from "@/lib/messages";
import { channelsOf } from "@/lib/realtime/room-channels";
import { readPosition } from "@/lib/read-state";
import { countMembers } from "@/lib/rooms";
import { loadRoomForPage } from "@/lib/room-page";
import { requirePageUser } from "@/lib/session";

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const metadata: Metadata = { title: "Room" };

export default async function RoomPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug } = await params;
  const { message: focus } = await searchParams;
  const user = await requirePageUser({ returnTo: `/rooms/${encodeURIComponent(slug)}` });
  const loaded = await loadRoomForPage(user.id, slug);
  // A private room (or a conversation) you are not in does not exist, as far as you can tell.
  if (!loaded || !decide({ caller: { userId: user.id }, room: loaded.context, action: { type: "room.view" } }).allow) notFound();
  const { room, context } = loaded;
  const me = { id: user.id, name: user.name };

  if (!context.role) {
    return (
      <ChatLayout currentRoomId={null} me={me}>
        <div className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-3 px-4 text-center">
          <h1 className="text-2xl font-semibold"># {room.name}</h1>
          {room.description && <p className="text-zinc-600 dark:text-zinc-400">{room.description}</p>}
          <p className="text-sm text-zinc-500">This is a public room. Join to read and send messages.</p>
          <JoinRoomButton roomId={room.id} />
        </div>
      </ChatLayout>
    );
  }

  const isConversation = room.kind !== "ROOM";
  const focusMessageId = typeof focus === "string" && /^[a-z0-9]{1,64}$/.test(focus) ? focus : null;
  // Opened at a message (a permalink, a notification, a search result): the history around it;
  // the view catches up to the newest by itself.
  const latest = () => listMessages({ roomId: room.id, limit: 50 });
  const [history, position, people] = await Promise.all([
    focusMessageId ? listMessagesAround({ roomId: room.id, messageId: focusMessageId, limit: 25 }).then((around) => around ?? latest()) : latest(),
    readPosition({ roomId: room.id, userId: user.id }),
    isConversation
      ? prisma.membership.findMany({ where: { roomId: room.id }, select: { user: { select: { id: true, name: true, lastSeenAt: true } } } }).then((rows) =>
          rows.map(({ user: u }) => ({ id: u.id, name: u.name, lastSeenAt: u.lastSeenAt?.toISOString() ?? null })),
        )
      : undefined,
  ]);
  const name = people ? conversationName(people, user.id) : room.name;
  // The composer offers @room only where the policy would take it (a room's size matters only to members).
  const memberCount = !isConversation && context.role === "MEMBER" ? await countMembers({ roomId: room.id }) : 0;
  const canMentionEveryone = decide({ caller: { userId: user.id }, room: context, action: { type: "message.send", everyone: { memberCount } } }).allow;
  return (
    <ChatLayout currentRoomId={room.id} me={me}>
      <RoomView
        key={room.id}
        room={{ id: room.id, slug: room.slug, name, description: room.description, kind: room.kind }}
        people={people}
        readPosition={position}
        focusMessageId={focusMessageId}
        canMentionEveryone={canMentionEveryone}
        me={me}
        canModerate={context.role === "OWNER" || context.role === "ADMIN"}
        channels={channelsOf({ id: room.id, channelKey: context.channelKey })}
        initialMessages={history.messages}
        initialCursor={history.nextCursor}
      />
    </ChatLayout>
  );
}
