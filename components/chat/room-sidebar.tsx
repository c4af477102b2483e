"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { useUserEvent } from "@/components/realtime/use-user-event";
import type { RoomChannelNames } from "@/lib/client/room-channels";
import type { MessageDto } from "@/lib/messages-types";

export interface SidebarRoom {
  id: string;
  slug: string;
  name: string;
  channels: RoomChannelNames;
}

export interface RoomSidebarProps {
  rooms: SidebarRoom[];
  currentRoomId: string | null;
  meId: string;
}

/**
 * My rooms with live unread counts: the client watches every room's messages channel (one
 * batched authorization request), so no per-user fan-out is needed on the server.
 */
export function RoomSidebar({ rooms: initialRooms, currentRoomId, meId }: RoomSidebarProps) {
  const { rooms: channels } = useRealtime();
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [lost, setLost] = useState<string[]>([]);
  // A room we left or were removed from (on any page of ours) leaves the list at once.
  useUserEvent("membership.removed", ({ roomId }) => setLost((current) => [...current, roomId]));
  const rooms = useMemo(() => initialRooms.filter((room) => !lost.includes(room.id)), [initialRooms, lost]);
  const viewing = useRef({ currentRoomId, meId });
  useEffect(() => {
    viewing.current = { currentRoomId, meId };
  });

  useEffect(() => {
    if (!channels) return;
    const watches = rooms.map((room) =>
      channels.watch(room.id, room.channels, {
        onEvent: (event, data) => {
          const message = data as MessageDto | { fetch: true };
          if (event !== "message.created" || room.id === viewing.current.currentRoomId || ("author" in message && message.author.id === viewing.current.meId)) return;
          setUnread((current) => ({ ...current, [room.id]: (current[room.id] ?? 0) + 1 }));
        },
        onLost: () => setLost((current) => (current.includes(room.id) ? current : [...current, room.id])),
      }),
    );
    return () => watches.forEach((watch) => watch.stop());
  }, [channels, rooms]);

  return (
    <nav aria-label="Rooms" className="flex h-full flex-col gap-1 p-3">
      <div className="flex items-center justify-between px-2 pb-2">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Your rooms</h2>
        <Link href="/rooms" className="text-xs font-medium text-brand-600 hover:underline dark:text-brand-100">
          Browse / create
        </Link>
      </div>
      {rooms.length === 0 && <p className="px-2 text-sm text-zinc-500">No rooms yet.</p>}
      <ul className="flex flex-col gap-0.5" data-testid="sidebar-rooms">
        {rooms.map((room) => {
          const count = room.id === currentRoomId ? 0 : (unread[room.id] ?? 0);
          return (
            <li key={room.id}>
              <Link
                href={`/rooms/${room.slug}`}
                aria-current={room.id === currentRoomId ? "page" : undefined}
                onClick={() => setUnread(({ [room.id]: _read, ...rest }) => rest)}
                className="flex items-center justify-between gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-zinc-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-800"
              >
                <span className="truncate"># {room.name}</span>
                {count > 0 && (
                  <span className="rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white" aria-label={`${count} unread`} data-testid="unread">
                    {count}
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
