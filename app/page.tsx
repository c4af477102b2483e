import Link from "next/link";
import { PendingInvitations } from "@/components/home/pending-invitations";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { listPendingInvitations } from "@/lib/invitations";
import { realtimeClientConfig } from "@/lib/realtime/pusher";
import { listRoomsForUser } from "@/lib/rooms";
import { requirePageUser } from "@/lib/session";

export default async function HomePage() {
  const user = await requirePageUser({ returnTo: "/" });
  const [rooms, invitations] = await Promise.all([listRoomsForUser({ userId: user.id }), listPendingInvitations({ userId: user.id })]);
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
                  <Link href={`/rooms/${room.slug}`} className="truncate font-medium hover:underline">
                    # {room.name}
                  </Link>
                  {room.description && <p className="truncate text-sm text-zinc-500">{room.description}</p>}
                </div>
                <span className="shrink-0 rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                  {room.role.toLowerCase()}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
