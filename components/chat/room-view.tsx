"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { Composer } from "@/components/chat/composer";
import { LeaveRoomButton } from "@/components/chat/leave-room-button";
import { MessageList } from "@/components/chat/message-list";
import { useRoomHistory, type ViewMessage } from "@/components/chat/use-room-history";
import { PersonName } from "@/components/people/person-name";
import { Avatar } from "@/components/ui/avatar";
import { formatLastSeen } from "@/lib/last-seen";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { useUserEvent } from "@/components/realtime/use-user-event";
import { pendingMessage } from "@/lib/client/message-store";
import { applyReaction, type MessageDto, type ReactionEvent, type ThreadUpdatedEvent } from "@/lib/messages-types";
import { ThreadPanel, type ThreadFeed } from "@/components/chat/thread-panel";
import type { RoomChannelNames, RoomWatch } from "@/lib/client/room-channels";
import type { PresenceInfo } from "@/lib/realtime/identity";
import type { RoomKindName } from "@/lib/sidebar-types";
import type { AttachmentDto } from "@/lib/attachments-types";
import type { MentionCandidate } from "@/components/chat/composer";
import { AddToConversationButton } from "@/components/chat/add-to-conversation";

export interface RoomViewProps {
  /** For a conversation, `name` is the other people's names. */
  room: { id: string; slug: string; name: string; description: string; kind: RoomKindName };
  /** A conversation's people (rooms load their member list when @ is first typed). */
  people?: { id: string; name: string; lastSeenAt: string | null }[];
  /** Where the reader had read to when the page was rendered: the "New" divider goes after it. */
  readPosition: { lastReadId: string | null; lastReadAt: string | null };
  /** A message to scroll to and point at (?message= from a notification or the Mentions page). */
  focusMessageId?: string | null;
  /** The policy allows this person @room here (rooms over 20 people: owners and admins only). */
  canMentionEveryone: boolean;
  me: { id: string; name: string };
  /** Owners and admins may delete anyone's messages. */
  canModerate: boolean;
  /** The room's channel names as the page was rendered; later generations arrive live. */
  channels: RoomChannelNames;
  initialMessages: MessageDto[];
  initialCursor: string | null;
}

interface Member {
  id: string;
  info: PresenceInfo;
}

const typingExpiresMs = 5_000;
const typingThrottleMs = 2_000;

/** The first message from someone else after the read position, among those the page rendered. */
function firstUnread(newestFirst: MessageDto[], position: RoomViewProps["readPosition"], meId: string): string | null {
  if (position.lastReadAt === null) return null;
  const after = (m: MessageDto) => m.createdAt > position.lastReadAt! || (m.createdAt === position.lastReadAt && m.id > (position.lastReadId ?? ""));
  const unread = newestFirst.filter((m) => after(m) && m.author.id !== meId && !m.deletedAt);
  return unread.at(-1)?.id ?? null;
}

export function RoomView({ room, people, readPosition, focusMessageId, canMentionEveryone, me, canModerate, channels, initialMessages, initialCursor }: RoomViewProps) {
  const isConversation = room.kind !== "ROOM";
  // Fixed while the room is open: what was new when the reader arrived stays marked.
  const [firstUnreadId] = useState(() => firstUnread(initialMessages, readPosition, me.id));
  const { pusher, rooms, state, away } = useRealtime();
  const [awayIds, setAwayIds] = useState<string[]>([]);
  const awayRef = useRef(away);
  const [lostBy, setAccessLost] = useState<false | "removed" | "banned" | "left" | "signed-out">(false);
  const { messages, status: historyStatus, slow: slowCatchUp, history } = useRoomHistory({ roomId: room.id, initialNewestFirst: initialMessages });
  // The history API refusing a page is as good as being told.
  const accessLost = lostBy || (historyStatus === "refused" ? "removed" : false);
  const upsert = useCallback((incoming: ViewMessage[]) => history.upsert(incoming), [history]);
  const [retrying, setRetrying] = useState(false);
  const [cursor, setCursor] = useState(initialCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [members, setMembers] = useState<Member[]>([]);
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [details, setDetails] = useState({ name: room.name, description: room.description });
  const [announcement, setAnnouncement] = useState("");
  // Opened at a message: start there, not at the end (the catch-up must not pull the view down).
  const [atBottom, setAtBottom] = useState(!focusMessageId);
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const loadOlderRef = useRef<() => void>(() => {});
  /** Only a reader scrolling up loads older pages (not the first render, which starts at the top). */
  const scrolledUp = useRef(false);
  const lastScrollTop = useRef(0);
  const presenceRef = useRef<RoomWatch | null>(null);
  const lastTypingSent = useRef(0);
  /** The open thread (its top-level message's id) and the live feed it listens to. */
  const [threadId, setThreadId] = useState<string | null>(null);
  const threadFeed = useRef<ThreadFeed | null>(null);
  const subscribeThread = useCallback((feed: ThreadFeed) => {
    threadFeed.current = feed;
    return () => {
      if (threadFeed.current === feed) threadFeed.current = null;
    };
  }, []);
  /** The mentions picked for each send, by clientId, for retries. */
  const pickedMentions = useRef(new Map<string, string[]>());

  // Our own away state, on the presence channel: sent when it changes (the realtime server stamps
  // the sender's user_id, so it can only ever be our own).
  const lastStatusSent = useRef(0);
  const sendStatus = useCallback((isAway: boolean) => {
    const channel = presenceRef.current?.presence();
    if (!channel || (isAway && Date.now() - lastStatusSent.current < 2_000)) return;
    lastStatusSent.current = Date.now();
    channel.trigger("client-status", { away: isAway });
  }, []);
  useEffect(() => {
    awayRef.current = away;
    sendStatus(away);
  }, [away, sendStatus]);


  // The server says so on our own channel just before it closes our connections: no need to wait
  // for the reconnect to be refused.
  useUserEvent("membership.removed", ({ roomId, reason }) => {
    if (roomId === room.id) setAccessLost(reason);
  });

  // The room's channels, across generations (lib/client/room-channels.ts): live message events,
  // who is online, and who is typing (client events on the presence channel carry user_id).
  const initialChannels = useRef(channels);
  const membersRef = useRef<Member[]>([]);
  useEffect(() => {
    membersRef.current = members;
  }, [members]);
  useEffect(() => {
    if (!rooms) return;
    const onMessage = (data: MessageDto | { id: string; parentId?: string | null; fetch: true }) => {
      // A reply belongs to its thread, not to the room's history.
      if (data.parentId) return threadFeed.current?.reply(data as MessageDto);
      // Too large for an event: read it (and whatever else is new) from the API.
      if ("fetch" in data) return void history.catchUp();
      history.live(data);
      if (data.author.id !== me.id && !data.deletedAt) setAnnouncement(`${data.author.name}: ${data.body ?? ""}`);
    };
    const watch = rooms.watch<PresenceInfo>(room.id, initialChannels.current, {
      presence: true,
      onEvent: (event, data) => {
        if (event === "message.created" || event === "message.updated" || event === "message.deleted") onMessage(data as MessageDto);
        else if (event === "reaction.updated") {
          // Someone else's (ours come back in our own answer, never as an event to this socket).
          const change = data as ReactionEvent;
          history.update(change.messageId, (m) => ({ ...m, reactions: applyReaction(m.reactions, change) }));
          threadFeed.current?.reaction(change);
        } else if (event === "thread.updated") {
          const { parentId, replyCount, lastReplyAt } = data as ThreadUpdatedEvent;
          history.update(parentId, (m) => ({ ...m, replyCount, lastReplyAt }));
        }
        else if (event === "room.updated") {
          const details = data as { name: string; description: string };
          setDetails({ name: details.name, description: details.description });
        }
      },
      // Every (re)subscription: live events flow from here on, and the API fills what came before
      // (since the page was rendered, while the connection was down, or while the room moved to
      // new channel names).
      onSubscribed: () => void history.catchUp(),
      // Until the new names are live, live events prove nothing: the catch-up after onSubscribed fills in.
      onMoving: () => history.interrupted(),
      onRetrying: setRetrying,
      onMembers: (list) => {
        setMembers([...list].sort((a, b) => a.info.name.localeCompare(b.info.name)));
        // Someone new sees us as online until told otherwise.
        if (awayRef.current) sendStatus(true);
      },
      onMemberRemoved: (id) => {
        setTyping(({ [id]: _gone, ...rest }) => rest);
        setAwayIds((current) => current.filter((a) => a !== id));
      },
      clientEvents: ["client-typing", "client-status"],
      onClientEvent: (event, data, id) => {
        if (!id || id === me.id) return;
        if (event === "client-status") {
          const isAway = (data as { away?: unknown } | null)?.away === true;
          return setAwayIds((current) => (isAway ? (current.includes(id) ? current : [...current, id]) : current.filter((a) => a !== id)));
        }
        const name = membersRef.current.find((m) => m.id === id)?.info.name ?? "Someone";
        setTyping((typing) => ({ ...typing, [id]: { name, until: Date.now() + typingExpiresMs } }));
      },
      onLost: (reason) => setAccessLost((current) => current || (reason === "signed-out" ? "signed-out" : "removed")),
    });
    presenceRef.current = watch;
    return () => {
      presenceRef.current = null;
      watch.stop();
    };
  }, [rooms, room.id, me.id, history, sendStatus]);

  // Live events stop with the connection: whatever came meanwhile is read when it is back.
  const connected = state === "connected";
  useEffect(() => {
    if (!connected) history.interrupted();
  }, [connected, history]);

  // Typing indicators expire after 5 s without a new event.
  useEffect(() => {
    const entries = Object.values(typing);
    if (entries.length === 0) return;
    const next = Math.min(...entries.map((t) => t.until)) - Date.now();
    const timer = setTimeout(() => setTyping((current) => Object.fromEntries(Object.entries(current).filter(([, t]) => t.until > Date.now()))), Math.max(0, next) + 50);
    return () => clearTimeout(timer);
  }, [typing]);

  // And when the tab regains focus while connected (a sleeping laptop may not notice its connection died).
  useEffect(() => {
    const onFocus = () => connected && void history.catchUp();
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [connected, history]);

  // Stay at the bottom while the reader is there.
  useEffect(() => {
    const el = scroller.current;
    if (el && atBottom) el.scrollTop = el.scrollHeight;
  }, [messages, atBottom]);

  const send = useCallback(
    async (body: string, picked: string[] | null = null, attachments: AttachmentDto[] = [], clientId: string = crypto.randomUUID()) => {
      // A retry sends the same mentions as the first try (and the same files: they ride on the pending message).
      const mentions = picked ?? pickedMentions.current.get(clientId) ?? [];
      pickedMentions.current.set(clientId, mentions);
      const optimistic = pendingMessage({ roomId: room.id, author: me, body, clientId, attachments });
      upsert([optimistic]);
      setAtBottom(true);
      try {
        const response = await fetch(`/api/rooms/${room.id}/messages`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...(pusher?.connection.socket_id && { "X-Socket-ID": pusher.connection.socket_id }) },
          body: JSON.stringify({ body, clientId, mentions, attachmentIds: attachments.map((a) => a.id) }),
        });
        if (!response.ok) {
          const problem = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
          upsert([{ ...optimistic, status: "failed", error: problem?.error?.message ?? `Not sent (HTTP ${response.status}).` }]);
          return;
        }
        const { message } = (await response.json()) as { message: MessageDto };
        upsert([message]);
      } catch {
        upsert([{ ...optimistic, status: "failed", error: "Not sent: can't reach Parley." }]);
      }
    },
    [room.id, me, pusher, upsert],
  );

  const sendTyping = useCallback(() => {
    const channel = presenceRef.current?.presence();
    if (!channel || Date.now() - lastTypingSent.current < typingThrottleMs) return;
    lastTypingSent.current = Date.now();
    channel.trigger("client-typing", {});
  }, []);

  async function changeMessage(message: ViewMessage, change: { body: string } | "delete") {
    const response = await fetch(`/api/rooms/${room.id}/messages/${message.id}`, {
      method: change === "delete" ? "DELETE" : "PATCH",
      headers: { "Content-Type": "application/json", ...(pusher?.connection.socket_id && { "X-Socket-ID": pusher.connection.socket_id }) },
      ...(change !== "delete" && { body: JSON.stringify(change) }),
    }).catch(() => null);
    if (response?.ok) upsert([((await response.json()) as { message: MessageDto }).message]);
    else upsert([{ ...message, error: "That change was not saved. Try again." }]);
  }

  // Reactions: shown at once, then the server's answer (the whole set for that message) wins;
  // on failure the change is undone and said.
  const applyToMessage = useCallback((messageId: string, change: (m: ViewMessage) => ViewMessage) => history.update(messageId, change), [history]);
  async function react(message: ViewMessage, emoji: string, reacted: boolean) {
    applyToMessage(message.id, (m) => ({ ...m, error: undefined, reactions: applyReaction(m.reactions, { emoji, user: me, reacted }) }));
    const response = await fetch(`/api/rooms/${room.id}/messages/${message.id}/reactions`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", ...(pusher?.connection.socket_id && { "X-Socket-ID": pusher.connection.socket_id }) },
      body: JSON.stringify({ emoji, reacted }),
    }).catch(() => null);
    // Success keeps what is shown: our own change is applied already, and everyone else's arrive as
    // events. The answer's list is not used: it was read before any reaction whose event may have
    // reached this page first, and would take that one away again.
    if (!response?.ok) {
      const problem = (await response?.json().catch(() => null)) as { error?: { message?: string } } | null;
      applyToMessage(message.id, (m) => ({ ...m, reactions: applyReaction(m.reactions, { emoji, user: me, reacted: !reacted }), error: problem?.error?.message ?? "That reaction was not saved. Try again." }));
    }
  }

  async function loadOlder() {
    if (!cursor || loadingOlder) return;
    setLoadingOlder(true);
    const el = scroller.current;
    const fromBottom = el ? el.scrollHeight - el.scrollTop : 0;
    try {
      const response = await fetch(`/api/rooms/${room.id}/messages?before=${encodeURIComponent(cursor)}`);
      if (response.ok) {
        const page = (await response.json()) as { messages: MessageDto[]; nextCursor: string | null };
        setAtBottom(false);
        upsert(page.messages);
        setCursor(page.nextCursor);
        requestAnimationFrame(() => {
          if (el) el.scrollTop = el.scrollHeight - fromBottom;
        });
      }
    } finally {
      setLoadingOlder(false);
    }
  }

  // Infinite scroll upward: reaching the top loads the previous page (the button stays for keyboards).
  useEffect(() => {
    loadOlderRef.current = () => void loadOlder();
  });
  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || !cursor) return;
    const observer = new IntersectionObserver((entries) => entries[0]?.isIntersecting && scrolledUp.current && loadOlderRef.current(), {
      root: scroller.current,
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [cursor]);

  // The @ list: a conversation's people are known; a room's members are read when first needed.
  const loadPeople = useCallback(async (): Promise<MentionCandidate[]> => {
    if (people) return people.map(({ id, name }) => ({ id, name }));
    const response = await fetch(`/api/rooms/${room.id}/members`);
    if (!response.ok) return [];
    return ((await response.json()) as { members: MentionCandidate[] }).members.map(({ id, name }) => ({ id, name }));
  }, [people, room.id]);

  // Reading: the newest message counts as read while the list's end is on screen in a focused,
  // visible window. The server keeps the position (it never moves back) and tells our other tabs.
  const lastMarked = useRef<string | null>(readPosition.lastReadId);
  const markable = useRef({ messages, atBottom, accessLost });
  useEffect(() => {
    markable.current = { messages, atBottom, accessLost };
  });
  useEffect(() => {
    const mark = () => {
      const { messages: list, atBottom: bottom, accessLost: lost } = markable.current;
      if (lost || !bottom || document.visibilityState !== "visible" || !document.hasFocus()) return;
      const newest = list.findLast((m) => !m.status);
      if (!newest || newest.id === lastMarked.current) return;
      lastMarked.current = newest.id;
      void fetch(`/api/rooms/${room.id}/read`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ messageId: newest.id }) })
        .then((response) => {
          if (!response.ok && response.status !== 403 && response.status !== 404) lastMarked.current = null;
        })
        .catch(() => (lastMarked.current = null));
    };
    const timer = setTimeout(mark, 250);
    window.addEventListener("focus", mark);
    document.addEventListener("visibilitychange", mark);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("focus", mark);
      document.removeEventListener("visibilitychange", mark);
    };
  }, [messages, atBottom, room.id]);

  // Opened at a message (a notification, the Mentions page): show it.
  useEffect(() => {
    if (!focusMessageId) return;
    const el = scroller.current?.querySelector(`[data-message-id="${CSS.escape(focusMessageId)}"]`);
    el?.scrollIntoView({ block: "center" });
    // Whether the end of the list is in view now (a short history never scrolls, so no scroll event would say).
    const box = scroller.current;
    if (box) setAtBottom(box.scrollHeight - box.scrollTop - box.clientHeight < 40);
  }, [focusMessageId]);

  const openThread = threadId ? (messages.find((m) => m.id === threadId) ?? null) : null;
  const isAway = (id: string) => (id === me.id ? away : awayIds.includes(id));
  const typingNames = accessLost ? [] : Object.values(typing).map((t) => t.name);
  // A room we lost shows nobody online: its presence channel is gone for us.
  const online = accessLost ? [] : members;
  const disabledReason = accessLost
    ? "You no longer have access to this room."
    : state === "offline"
      ? "You're offline. Reconnect to send messages."
      : null;

  return (
    <div className="flex min-h-0 flex-1">
      <section className="flex min-w-0 flex-1 flex-col" aria-labelledby="room-title">
        <header className="flex items-center gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <Link href="/" className="shrink-0 text-sm font-medium text-brand-600 md:hidden dark:text-brand-100" aria-label="All rooms">
            ← Rooms
          </Link>
          <div className="min-w-0">
            <h1 id="room-title" className="truncate text-lg font-semibold">
              {isConversation ? details.name : `# ${details.name}`}
            </h1>
            {isConversation ? (
              <ConversationStatus people={people ?? []} meId={me.id} online={online} />
            ) : (
              details.description && <p className="truncate text-sm text-zinc-500">{details.description}</p>
            )}
          </div>
          <span className="ml-auto shrink-0 text-xs text-zinc-500 md:hidden" aria-hidden>
            {online.length} online
          </span>
          {!accessLost && isConversation && (
            <nav aria-label="Conversation" className="flex shrink-0 items-center gap-2 md:ml-auto">
              {room.kind === "GROUP" && <AddToConversationButton roomId={room.id} />}
              {room.kind === "GROUP" && <LeaveRoomButton roomId={room.id} roomName={details.name} />}
            </nav>
          )}
          {!accessLost && !isConversation && (
            <nav aria-label="Room" className="flex shrink-0 items-center gap-2 md:ml-auto">
              <Link href={`/rooms/${room.slug}/members`} className="rounded-md px-2 py-1 text-xs font-medium text-brand-600 hover:bg-zinc-100 dark:text-brand-100 dark:hover:bg-zinc-800">
                Members
              </Link>
              {canModerate && (
                <Link href={`/rooms/${room.slug}/settings`} className="rounded-md px-2 py-1 text-xs font-medium text-brand-600 hover:bg-zinc-100 dark:text-brand-100 dark:hover:bg-zinc-800">
                  Settings
                </Link>
              )}
              <LeaveRoomButton roomId={room.id} roomName={details.name} />
            </nav>
          )}
        </header>
        {(state !== "connected" || retrying) && !accessLost && (
          <p role="status" data-testid="connection-banner" className="bg-amber-50 px-4 py-1.5 text-sm text-amber-800 dark:bg-amber-950 dark:text-amber-200">
            {state === "connecting" ? "Connecting…" : state === "unavailable" || retrying ? "Reconnecting…" : "You're offline. New messages will appear when you reconnect."}
          </p>
        )}
        {historyStatus === "catching-up" && slowCatchUp && state === "connected" && !retrying && !accessLost && (
          <p role="status" data-testid="catching-up" className="bg-sky-50 px-4 py-1.5 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-100">
            Catching up on messages you missed…
          </p>
        )}
        {accessLost && (
          <p role="alert" data-testid="access-lost" className="bg-red-50 px-4 py-2 text-sm font-medium text-red-700 dark:bg-red-950 dark:text-red-300">
            {accessLost === "banned"
              ? "You were banned from this room."
              : accessLost === "left"
                ? "You left this room."
                : accessLost === "signed-out"
                  ? "Your session has ended. Sign in again to keep reading."
                  : "You were removed from this room."}{" "}
            <Link href="/" className="underline">
              Back to your rooms
            </Link>
          </p>
        )}
        <div
          ref={scroller}
          className="relative min-h-0 flex-1 overflow-y-auto px-4 py-2"
          onScroll={(event) => {
            const el = event.currentTarget;
            if (el.scrollTop < lastScrollTop.current) scrolledUp.current = true;
            lastScrollTop.current = el.scrollTop;
            setAtBottom(el.scrollHeight - el.scrollTop - el.clientHeight < 40);
          }}
        >
          {cursor && (
            <div ref={topSentinel} className="flex justify-center py-2">
              <button type="button" onClick={loadOlder} disabled={loadingOlder} className="rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
                {loadingOlder ? "Loading…" : "Load older messages"}
              </button>
            </div>
          )}
          {messages.length === 0 ? (
            <p className="py-16 text-center text-zinc-500" data-testid="room-empty">
              No messages yet. Say hello!
            </p>
          ) : (
            <MessageList
              messages={messages}
              meId={me.id}
              canModerate={canModerate}
              onRetry={(m) => void send(m.body ?? "", null, m.attachments, m.clientId)}
              firstUnreadId={firstUnreadId}
              highlightId={focusMessageId}
              onEdit={(m, body) => void changeMessage(m, { body })}
              onDelete={(m) => void changeMessage(m, "delete")}
              onReact={(m, emoji, reacted) => void react(m, emoji, reacted)}
              permalink={(m) => `/rooms/${room.slug}?message=${m.id}`}
              onOpenThread={(m) => setThreadId(m.id)}
            />
          )}
        </div>
        {!atBottom && (
          <div className="relative">
            <button
              type="button"
              onClick={() => setAtBottom(true)}
              className="absolute -top-12 left-1/2 -translate-x-1/2 rounded-full bg-brand-600 px-3 py-1 text-sm font-medium text-white shadow"
            >
              Jump to latest
            </button>
          </div>
        )}
        <p className="h-5 px-4 text-xs text-zinc-500" data-testid="typing" aria-live="polite">
          {typingNames.length === 1 ? `${typingNames[0]} is typing…` : typingNames.length > 1 ? `${typingNames.join(", ")} are typing…` : ""}
        </p>
        <div className="sr-only" aria-live="polite">
          {announcement}
        </div>
        <Composer
          label={isConversation ? `Message ${details.name}` : `Message #${details.name}`}
          disabledReason={disabledReason}
          onSend={(body, mentions, attachments) => void send(body, mentions, attachments)}
          roomId={room.id}
          onTyping={sendTyping}
          loadPeople={loadPeople}
          meId={me.id}
          canMentionEveryone={canMentionEveryone}
        />
      </section>
      {openThread && (
        <ThreadPanel
          key={openThread.id}
          room={{ id: room.id, slug: room.slug, name: isConversation ? details.name : `#${details.name}` }}
          parent={openThread}
          me={me}
          canModerate={canModerate}
          socketId={() => pusher?.connection.socket_id}
          loadPeople={loadPeople}
          disabledReason={disabledReason}
          subscribe={subscribeThread}
          onClose={() => setThreadId(null)}
        />
      )}
      <aside className={`hidden w-56 shrink-0 border-l border-zinc-200 p-4 dark:border-zinc-800 ${openThread ? "" : "md:block"}`} aria-labelledby="online-heading">
        <h2 id="online-heading" className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
          Online — <span data-testid="online-count">{online.length}</span>
        </h2>
        <ul className="mt-2 flex flex-col gap-2" data-testid="presence-list">
          {online.map((member) => (
            <li key={member.id} className="flex items-center gap-2 text-sm">
              <Avatar person={{ id: member.id, name: member.info.name }} size="sm" status={isAway(member.id) ? "away" : "online"} />
              {member.id === me.id ? <span className="truncate">{`${member.info.name} (you)`}</span> : <PersonName person={{ id: member.id, name: member.info.name }} meId={me.id} online className="truncate" />}
              {isAway(member.id) && (
                <span className="shrink-0 text-xs text-zinc-500" data-testid="away">
                  away
                </span>
              )}
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}

/** Under a conversation's name: who of the others is online, or when the other person was last seen. */
function ConversationStatus({ people, meId, online }: { people: { id: string; name: string; lastSeenAt: string | null }[]; meId: string; online: Member[] }) {
  const others = people.filter((p) => p.id !== meId);
  const onlineIds = new Set(online.map((m) => m.id));
  const here = others.filter((p) => onlineIds.has(p.id));
  let text: string;
  if (others.length === 1) {
    const [other] = others;
    text = here.length ? "online" : formatLastSeen(other!.lastSeenAt, new Date());
  } else {
    text = `${others.length + 1} people${here.length ? ` · ${here.length} online` : ""}`;
  }
  return (
    <p className="truncate text-sm text-zinc-500" data-testid="conversation-status">
      {text}
    </p>
  );
}
