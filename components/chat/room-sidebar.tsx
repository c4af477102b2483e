"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { NewConversationButton } from "@/components/chat/new-conversation";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { useUserEvent } from "@/components/realtime/use-user-event";
import { notifyAboutMessage } from "@/lib/client/message-notifications";
import type { RoomWatch } from "@/lib/client/room-channels";
import type { MessageDto } from "@/lib/messages-types";
import { formatCount, unreadCap, type SidebarRoomDto } from "@/lib/sidebar-types";

export type NotifyLevel = "ALL" | "MENTIONS" | "NOTHING";

export interface RoomSidebarProps {
  rooms: SidebarRoomDto[];
  currentRoomId: string | null;
  me: { id: string; name: string };
  notifyLevel: NotifyLevel;
}

interface Counts {
  unread: number;
  mentions: number;
}

const mentionsMe = (message: MessageDto, meId: string) => message.mentionsRoom || message.mentions.some((m) => m.id === meId);

/**
 * My rooms and conversations with unread counts and mention badges: counted by the database when
 * the page loads, then kept live from every room's messages channel (one batched authorization),
 * and set from the server whenever I read a room on any tab or device (read.updated).
 */
export function RoomSidebar({ rooms: initialRooms, currentRoomId, me, notifyLevel }: RoomSidebarProps) {
  const { rooms: channels, away } = useRealtime();
  const [awayUsers, setAwayUsers] = useState<string[]>([]);
  const awayRef = useRef(away);
  const [added, setAdded] = useState<SidebarRoomDto[]>([]);
  const [lost, setLost] = useState<string[]>([]);
  const [counts, setCounts] = useState<Record<string, Counts>>(() => Object.fromEntries(initialRooms.map((r) => [r.id, { unread: r.unread, mentions: r.mentions }])));
  const [activity, setActivity] = useState<Record<string, string>>({});
  const [online, setOnline] = useState<Record<string, string[]>>({});
  /** Rooms whose live events reach this sidebar now (data-live on the entry: tests wait for it). */
  const [live, setLive] = useState<Record<string, boolean>>({});

  // A room we left or were removed from (on any page of ours) leaves the list at once.
  useUserEvent("membership.removed", ({ roomId }) => setLost((current) => [...current, roomId]));
  useUserEvent("conversation.added", (room) => {
    setAdded((current) => (current.some((r) => r.id === room.id) ? current : [...current, room]));
    setLost((current) => current.filter((id) => id !== room.id));
  });
  useUserEvent("read.updated", ({ roomId, unread, mentions }) => setCounts((current) => ({ ...current, [roomId]: { unread, mentions } })));

  const all = useMemo(() => {
    const known = new Set(initialRooms.map((r) => r.id));
    return [...initialRooms, ...added.filter((r) => !known.has(r.id))].filter((room) => !lost.includes(room.id));
  }, [initialRooms, added, lost]);
  const rooms = all.filter((r) => r.kind === "ROOM");
  const conversations = all
    .filter((r) => r.kind !== "ROOM")
    .map((r) => ({ ...r, lastActivityAt: activity[r.id] ?? r.lastActivityAt }))
    .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));

  const viewing = useRef({ currentRoomId, me, notifyLevel });
  useEffect(() => {
    viewing.current = { currentRoomId, me, notifyLevel };
  });

  // One watch per room, started when it appears and stopped when it goes: adding a conversation
  // must not resubscribe every other room (events in between would be lost).
  const watches = useRef(new Map<string, RoomWatch>());
  /** Messages already counted, so a live event and a fetch of the same message count once. */
  const counted = useRef(new Set<string>());
  const liveAdded = useRef(new Set<string>());
  useEffect(() => {
    for (const room of added) liveAdded.current.add(room.id);
  }, [added]);

  const onMessage = useCallback((room: SidebarRoomDto, message: MessageDto) => {
    const { currentRoomId: viewingRoom, me: self, notifyLevel: level } = viewing.current;
    if (message.author.id === self.id || counted.current.has(message.id)) return;
    counted.current.add(message.id);
    setActivity((current) => ({ ...current, [room.id]: message.createdAt }));
    const mentioned = mentionsMe(message, self.id);
    // A reply notifies the thread's followers as a mention would (the server names them).
    const follows = Boolean((message as MessageDto & { notifyIds?: string[] }).notifyIds?.includes(self.id));
    // Shown only while this tab is hidden (lib/client/notify.ts): a visible room needs no notice.
    notifyAboutMessage({ room, message, meId: self.id, level, mentioned: mentioned || follows });
    if (room.id === viewingRoom) return;
    // Replies are read in their thread: they count as unread only when they mention us (as the server counts).
    const unread = message.parentId ? 0 : 1;
    setCounts((current) => {
      const was = current[room.id] ?? { unread: 0, mentions: 0 };
      return { ...current, [room.id]: { unread: Math.min(unreadCap, was.unread + unread), mentions: Math.min(unreadCap, was.mentions + (mentioned ? 1 : 0)) } };
    });
  }, []);

  useEffect(() => {
    if (!channels) return;
    const current = watches.current;
    const wanted = new Map(all.map((room) => [room.id, room]));
    for (const [id, watch] of current) {
      if (!wanted.has(id)) {
        watch.stop();
        current.delete(id);
      }
    }
    for (const room of all) {
      if (current.has(room.id)) continue;
      let first = true;
      current.set(
        room.id,
        channels.watch<unknown>(room.id, room.channels, {
          // Conversations show who is online: their presence channels are small by construction.
          presence: room.kind !== "ROOM",
          onMembers: (members) => {
            setOnline((state) => ({ ...state, [room.id]: members.map((m) => m.id) }));
            setAwayUsers((state) => state.filter((id) => members.some((m) => m.id === id)));
            // Someone new sees us as online until told otherwise.
            if (awayRef.current) current.get(room.id)?.presence()?.trigger("client-status", { away: true });
          },
          clientEvents: room.kind === "ROOM" ? [] : ["client-status"],
          onClientEvent: (_event, data, id) => {
            if (!id) return;
            const isAway = (data as { away?: unknown } | null)?.away === true;
            setAwayUsers((state) => (isAway ? (state.includes(id) ? state : [...state, id]) : state.filter((u) => u !== id)));
          },
          onSubscribed: () => {
            setLive((state) => (state[room.id] ? state : { ...state, [room.id]: true }));
            // A conversation that arrived live may have had its first message sent before we
            // were subscribed: read what is recent, once.
            if (!first || !liveAdded.current.has(room.id)) return;
            first = false;
            void fetch(`/api/rooms/${room.id}/messages?limit=20`, { cache: "no-store" })
              .then(async (response) => (response.ok ? ((await response.json()) as { messages: MessageDto[] }).messages : []))
              // Only what came after it arrived (less a margin for clocks): someone added to a
              // group sees its history, which is not news to count or notify.
              .then((messages) => {
                const since = new Date(Date.parse(room.lastActivityAt) - 5_000).toISOString();
                messages.reverse().filter((m) => m.createdAt >= since).forEach((message) => onMessage(room, message));
              })
              .catch(() => {});
          },
          onEvent: (event, data) => {
            if (event !== "message.created") return;
            const message = data as MessageDto | { id: string; fetch: true };
            if (!("fetch" in message)) onMessage(room, message);
          },
          onLost: () => setLost((state) => (state.includes(room.id) ? state : [...state, room.id])),
        }),
      );
    }
  }, [channels, all, onMessage]);
  useEffect(() => {
    const current = watches.current;
    return () => {
      for (const watch of current.values()) watch.stop();
      current.clear();
    };
  }, [channels]);

  // Our away state, to the people we have conversations with (the room view tells rooms).
  useEffect(() => {
    awayRef.current = away;
    for (const watch of watches.current.values()) watch.presence()?.trigger("client-status", { away });
  }, [away]);

  const entry = (room: SidebarRoomDto) => {
    const count = room.id === currentRoomId ? { unread: 0, mentions: 0 } : (counts[room.id] ?? { unread: 0, mentions: 0 });
    const here = (online[room.id] ?? []).filter((id) => id !== me.id);
    const othersOnline = here.length > 0;
    const allAway = othersOnline && here.every((id) => awayUsers.includes(id));
    const label = room.kind === "ROOM" ? `# ${room.name}` : room.name;
    return (
      <li key={room.id}>
        <Link
          href={`/rooms/${room.slug}`}
          aria-current={room.id === currentRoomId ? "page" : undefined}
          onClick={() => setCounts(({ [room.id]: _read, ...rest }) => rest)}
          className={`flex items-center justify-between gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-zinc-100 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-800 ${count.unread > 0 ? "font-semibold" : ""}`}
          data-testid="sidebar-room"
          data-room-id={room.id}
          data-live={live[room.id] ? "true" : undefined}
        >
          <span className="flex min-w-0 items-center gap-2">
            {room.kind !== "ROOM" && (
              <span
                className={`size-2 shrink-0 rounded-full ${allAway ? "bg-amber-400" : othersOnline ? "bg-emerald-500" : "border border-zinc-400"}`}
                role="img"
                aria-label={allAway ? "away" : othersOnline ? "online" : "offline"}
                data-testid="dm-presence"
              />
            )}
            <span className={`truncate ${room.muted ? "text-zinc-500" : ""}`}>{label}</span>
            {room.muted && <span className="sr-only">(muted)</span>}
          </span>
          <span className="flex shrink-0 items-center gap-1">
            {count.mentions > 0 && (
              <span className="rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white" aria-label={`${formatCount(count.mentions)} mentions`} data-testid="mention-badge">
                @{formatCount(count.mentions)}
              </span>
            )}
            {count.unread > 0 && (
              <span
                className={`rounded-full px-1.5 text-xs font-semibold ${room.muted ? "bg-zinc-300 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200" : "bg-brand-600 text-white"}`}
                aria-label={`${formatCount(count.unread)} unread`}
                data-testid="unread"
              >
                {formatCount(count.unread)}
              </span>
            )}
          </span>
        </Link>
      </li>
    );
  };

  return (
    <nav aria-label="Rooms and conversations" className="flex h-full flex-col gap-4 p-3">
      <div className="flex flex-col gap-1">
        <div className="flex items-center justify-between px-2 pb-1">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Your rooms</h2>
          <Link href="/rooms" className="text-xs font-medium text-brand-600 hover:underline dark:text-brand-100">
            Browse / create
          </Link>
        </div>
        {rooms.length === 0 && <p className="px-2 text-sm text-zinc-500">No rooms yet.</p>}
        <ul className="flex flex-col gap-0.5" data-testid="sidebar-rooms">
          {rooms.map(entry)}
        </ul>
      </div>
      <div className="flex flex-col gap-1">
        <div className="flex items-center justify-between px-2 pb-1">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Direct messages</h2>
          <NewConversationButton />
        </div>
        {conversations.length === 0 && <p className="px-2 text-sm text-zinc-500">No conversations yet.</p>}
        <ul className="flex flex-col gap-0.5" data-testid="sidebar-conversations">
          {conversations.map(entry)}
        </ul>
      </div>
      <div className="mt-auto flex flex-col gap-0.5 border-t border-zinc-200 pt-2 dark:border-zinc-800">
        <Link href="/mentions" className="rounded-md px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
          @ Mentions
        </Link>
      </div>
    </nav>
  );
}
