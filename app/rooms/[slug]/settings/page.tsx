import type { Metadata } from "next";
import Link from "next/link";
import { RoomSettingsForm } from "@/components/admin/room-settings-form";
import { ChatLayout } from "@/components/chat/chat-layout";
import { decide } from "@/lib/authz/policy";
import { loadMemberRoomPage } from "@/lib/room-page";

export const metadata: Metadata = { title: "Room settings" };

export default async function RoomSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, room, context } = await loadMemberRoomPage({ slug, subpath: "settings" });
  const decision = decide({ caller: { userId: user.id }, room: context, action: { type: "room.editSettings" } });
  return (
    <ChatLayout currentRoomId={room.id} me={{ id: user.id, name: user.name }}>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex max-w-xl flex-col gap-6 px-4 py-6">
          <header className="flex items-center gap-3">
            <Link href={`/rooms/${room.slug}`} className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
              ← #{room.name}
            </Link>
            <h1 className="text-xl font-semibold">Room settings</h1>
          </header>
          {decision.allow ? (
            <RoomSettingsForm room={room} />
          ) : (
            <p className="rounded-md bg-zinc-100 px-4 py-3 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" data-testid="settings-forbidden">
              {decision.reason}{" "}
              <Link href={`/rooms/${room.slug}/members`} className="font-medium text-brand-600 hover:underline dark:text-brand-100">
                See who the admins are
              </Link>
            </p>
          )}
        </div>
      </div>
    </ChatLayout>
  );
}
