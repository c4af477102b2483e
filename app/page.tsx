import Link from "next/link";
import { PendingInvitations } from "@/components/home/pending-invitations";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { listPendingInvitations } from "@/lib/invitations";
import { realtimeClientConfig } from "@/lib/realtime/pusher";
import { NewConversationButton } from "@/components/chat/new-conversation";
import { listSidebarRooms } from "@/lib/read-state";
import { formatCount } from "@/lib/sidebar-types";
import { requirePageUser } from "@/lib/session";

export default async function HomePage() {
  const user = await requirePageUser({ returnTo: "/" });
  const [all, invitations] = await Promise.all([listSidebarRooms({ userId: user.id }), listPendingInvitations({ userId: user.id })]);
  const rooms = all.filter((r) => r.kind === "ROOM");
  const conversations = all.filter((r) => r.kind !== "ROOM").sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Hello, {user.name}</h1>
      {/* Its own connection: invitations arrive live on the user's channel. */}
      <RealtimeProvider config={realtimeClientConfig}>
        <PendingInvitations initial={invitations} />
      </RealtimeProvider>
      <section aria-labelledby="rooms-heading" className="mt-8">
        <div className="flex items-center justify-between">
          <h2 id="rooms-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-500">
            Your rooms
          </h2>
          <Link href="/rooms" className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
            Browse or create rooms
          </Link>
        </div>
        {rooms.length === 0 ? (
          <div className="mt-3 rounded-xl border border-dashed border-zinc-300 p-8 text-center text-zinc-600 dark:border-zinc-700 dark:text-zinc-400" data-testid="rooms-empty">
            <p className="font-medium">You are not in any rooms yet.</p>
            <p className="mt-1 text-sm">When someone invites you to a room, it shows up here.</p>
            <Link href="/rooms" className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Browse or create rooms
            </Link>
          </div>
        ) : (
          <ul className="mt-3 divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900" data-testid="rooms-list">
            {rooms.map((room) => (
              <li key={room.id} className="flex items-center justify-between gap-4 px-4 py-3">
                <div className="min-w-0">
                  <Link href={`/rooms/${room.slug}`} className="block truncate font-medium hover:underline">
                    # {room.name}
                  </Link>
                  {room.description && <p className="truncate text-sm text-zinc-500">{room.description}</p>}
                </div>
                <span className="flex shrink-0 items-center gap-2">
                  <Counts unread={room.unread} mentions={room.mentions} />
                  <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{room.role.toLowerCase()}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="dms-heading" className="mt-8">
        <div className="flex items-center justify-between">
          <h2 id="dms-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-500">
            Direct messages
          </h2>
          <div className="flex items-center gap-4 text-sm">
            <Link href="/mentions" className="font-medium text-brand-600 hover:underline dark:text-brand-100">
              Mentions
            </Link>
            <NewConversationButton className="font-medium text-brand-600 hover:underline dark:text-brand-100" />
          </div>
        </div>
        {conversations.length === 0 ? (
          <p className="mt-3 text-sm text-zinc-500">No conversations yet. Start one with anyone you share a room with.</p>
        ) : (
          <ul className="mt-3 divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900" data-testid="conversations-list">
            {conversations.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-4 px-4 py-3">
                <Link href={`/rooms/${c.slug}`} className="min-w-0 truncate font-medium hover:underline">
                  {c.name}
                </Link>
                <Counts unread={c.unread} mentions={c.mentions} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function Counts({ unread, mentions }: { unread: number; mentions: number }) {
  return (
    <span className="flex shrink-0 items-center gap-1 text-xs font-semibold">
      {mentions > 0 && <span className="rounded-full bg-red-600 px-1.5 text-white" aria-label={`${formatCount(mentions)} mentions`}>@{formatCount(mentions)}</span>}
      {unread > 0 && <span className="rounded-full bg-brand-600 px-1.5 text-white" aria-label={`${formatCount(unread)} unread`}>{formatCount(unread)}</span>}
    </span>
  );
}
