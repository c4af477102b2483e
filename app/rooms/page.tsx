import type { Metadata } from "next";
import Link from "next/link";
import { CreateRoomForm } from "@/components/chat/create-room-form";
import { JoinRoomButton } from "@/components/chat/join-room-button";
import { listPublicRooms } from "@/lib/rooms";
import { requirePageUser } from "@/lib/session";

export const metadata: Metadata = { title: "Rooms" };

export default async function RoomsPage() {
  const user = await requirePageUser({ returnTo: "/rooms" });
  const rooms = await listPublicRooms({ userId: user.id });
  return (
    <div className="mx-auto grid w-full max-w-5xl gap-8 px-4 py-8 md:grid-cols-[1fr_20rem]">
      <section aria-labelledby="browse-heading">
        <h1 id="browse-heading" className="text-2xl font-semibold tracking-tight">Public rooms</h1>
        {rooms.length === 0 ? (
          <p className="mt-4 rounded-xl border border-dashed border-zinc-300 p-8 text-center text-zinc-500 dark:border-zinc-700">No public rooms yet. Create the first one.</p>
        ) : (
          <ul className="mt-4 divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
            {rooms.map((room) => (
              <li key={room.id} className="flex items-center justify-between gap-4 px-4 py-3">
                <div className="min-w-0">
                  <Link href={`/rooms/${room.slug}`} className="truncate font-medium hover:underline">
                    # {room.name}
                  </Link>
                  <p className="truncate text-sm text-zinc-500">
                    {room.memberCount} {room.memberCount === 1 ? "member" : "members"}
                    {room.description && ` · ${room.description}`}
                  </p>
                </div>
                {room.joined ? (
                  <Link href={`/rooms/${room.slug}`} className="shrink-0 text-sm font-medium text-brand-600 hover:underline">
                    Open
                  </Link>
                ) : (
                  <JoinRoomButton roomId={room.id} label="Join" />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="create-heading" className="h-fit rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 id="create-heading" className="mb-4 text-lg font-semibold">Create a room</h2>
        <CreateRoomForm />
      </section>
    </div>
  );
}
