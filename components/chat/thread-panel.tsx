"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Composer, type MentionCandidate } from "@/components/chat/composer";
import { MessageList } from "@/components/chat/message-list";
import type { ViewMessage } from "@/components/chat/use-room-history";
import { mergeMessages, pendingMessage } from "@/lib/client/message-store";
import { applyReaction, type MessageDto, type ReactionEvent } from "@/lib/messages-types";
import type { AttachmentDto } from "@/lib/attachments-types";

/** What the room view forwards to an open thread: its live replies and their reactions. */
export interface ThreadFeed {
  reply: (message: MessageDto | { id: string; fetch: true }) => void;
  reaction: (event: ReactionEvent) => void;
}

export interface ThreadPanelProps {
  room: { id: string; slug: string; name: string };
  parent: ViewMessage;
  me: { id: string; name: string };
  canModerate: boolean;
  socketId: () => string | undefined;
  loadPeople: () => Promise<MentionCandidate[]>;
  disabledReason: string | null;
  /** Registers the panel for live replies (the room view holds the room's channels). */
  subscribe: (feed: ThreadFeed) => () => void;
  onClose: () => void;
}

type Loaded = { status: "loading" } | { status: "failed"; message: string } | { status: "ready" };

/**
 * A message's thread beside the room (a full-screen view on small screens): the message, its
 * replies live, and a composer that replies. Replies stay out of the room's own history.
 */
export function ThreadPanel({ room, parent, me, canModerate, socketId, loadPeople, disabledReason, subscribe, onClose }: ThreadPanelProps) {
  const [replies, setReplies] = useState<ViewMessage[]>([]);
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const upsert = useCallback((incoming: ViewMessage[]) => setReplies((current) => mergeMessages(current, incoming)), []);

  const load = useCallback(
    () =>
      fetch(`/api/rooms/${room.id}/messages/${parent.id}/replies`, { cache: "no-store" })
        .then(async (response) => {
          if (!response.ok) throw new Error(response.status === 404 ? "This thread is gone." : `Couldn't load the thread (HTTP ${response.status}).`);
          upsert(((await response.json()) as { replies: MessageDto[] }).replies);
          setLoaded({ status: "ready" });
        })
        .catch((error: unknown) => setLoaded({ status: "failed", message: error instanceof Error ? error.message : "Couldn't load the thread." })),
    [room.id, parent.id, upsert],
  );

  useEffect(() => {
    heading.current?.focus();
  }, [parent.id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(
    () =>
      subscribe({
        reply: (message) => ("fetch" in message ? void load() : upsert([message])),
        reaction: (event) => setReplies((current) => current.map((m) => (m.id === event.messageId ? { ...m, reactions: applyReaction(m.reactions, event) } : m))),
      }),
    [subscribe, upsert, load],
  );
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [replies.length]);

  const headers = () => ({ "Content-Type": "application/json", ...(socketId() && { "X-Socket-ID": socketId()! }) });

  async function send(body: string, mentions: string[], attachments: AttachmentDto[], clientId: string = crypto.randomUUID()) {
    const optimistic = pendingMessage({ roomId: room.id, author: me, body, clientId, parentId: parent.id, attachments });
    upsert([optimistic]);
    try {
      const response = await fetch(`/api/rooms/${room.id}/messages`, {
        method: "POST",
        headers: headers(),
        body: JSON.stringify({ body, clientId, mentions, parentId: parent.id, attachmentIds: attachments.map((a) => a.id) }),
      });
      if (!response.ok) {
        const problem = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        return upsert([{ ...optimistic, status: "failed", error: problem?.error?.message ?? `Not sent (HTTP ${response.status}).` }]);
      }
      upsert([((await response.json()) as { message: MessageDto }).message]);
    } catch {
      upsert([{ ...optimistic, status: "failed", error: "Not sent: can't reach Parley." }]);
    }
  }

  async function change(message: ViewMessage, what: { body: string } | "delete") {
    const response = await fetch(`/api/rooms/${room.id}/messages/${message.id}`, {
      method: what === "delete" ? "DELETE" : "PATCH",
      headers: headers(),
      ...(what !== "delete" && { body: JSON.stringify(what) }),
    }).catch(() => null);
    if (response?.ok) upsert([((await response.json()) as { message: MessageDto }).message]);
    else upsert([{ ...message, error: "That change was not saved. Try again." }]);
  }

  async function react(message: ViewMessage, emoji: string, reacted: boolean) {
    const apply = (on: boolean, error?: string) =>
      setReplies((current) => current.map((m) => (m.id === message.id ? { ...m, error, reactions: applyReaction(m.reactions, { emoji, user: me, reacted: on }) } : m)));
    apply(reacted);
    const response = await fetch(`/api/rooms/${room.id}/messages/${message.id}/reactions`, { method: "PUT", headers: headers(), body: JSON.stringify({ emoji, reacted }) }).catch(() => null);
    if (!response?.ok) apply(!reacted, "That reaction was not saved. Try again.");
  }

  return (
    <aside
      className="fixed inset-0 z-30 flex flex-col bg-white md:static md:z-auto md:w-96 md:shrink-0 md:border-l md:border-zinc-200 dark:bg-zinc-950 md:dark:border-zinc-800"
      aria-labelledby="thread-title"
      data-testid="thread-panel"
      onKeyDown={(event) => {
        if (event.key === "Escape" && !event.defaultPrevented) onClose();
      }}
    >
      <header className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 id="thread-title" ref={heading} tabIndex={-1} className="font-semibold outline-none">
          Thread <span className="font-normal text-zinc-500">in {room.name}</span>
        </h2>
        <button type="button" onClick={onClose} className="rounded px-2 py-1 text-sm text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label="Close thread">
          ✕
        </button>
      </header>
      <div ref={list} className="min-h-0 flex-1 overflow-y-auto px-4 py-2">
        <MessageList
          messages={[parent]}
          meId={me.id}
          canModerate={canModerate}
          onRetry={() => {}}
          onEdit={(m, body) => void change(m, { body })}
          onDelete={(m) => void change(m, "delete")}
          onReact={() => {}}
          permalink={(m) => `/rooms/${room.slug}?message=${m.id}`}
        />
        <p className="my-2 border-b border-zinc-200 pb-1 text-xs font-medium text-zinc-500 dark:border-zinc-800" data-testid="thread-count">
          {loaded.status === "loading" ? "Loading replies…" : replies.length === 1 ? "1 reply" : `${replies.length} replies`}
        </p>
        {loaded.status === "failed" && (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {loaded.message}{" "}
            <button type="button" className="underline" onClick={() => void load()}>
              Try again
            </button>
          </p>
        )}
        {loaded.status === "ready" && replies.length === 0 && <p className="py-4 text-center text-sm text-zinc-500">No replies yet. Start the thread.</p>}
        <div data-testid="thread-replies">
          <MessageList
            messages={replies}
            meId={me.id}
            canModerate={canModerate}
            onRetry={(m) => void send(m.body ?? "", [], m.attachments, m.clientId)}
            onEdit={(m, body) => void change(m, { body })}
            onDelete={(m) => void change(m, "delete")}
            onReact={(m, emoji, reacted) => void react(m, emoji, reacted)}
            permalink={(m) => `/rooms/${room.slug}?message=${m.id}`}
          />
        </div>
      </div>
      <Composer label="Reply in thread" disabledReason={disabledReason} onSend={(body, mentions, attachments) => void send(body, mentions, attachments)}
        roomId={room.id} onTyping={() => {}} loadPeople={loadPeople} meId={me.id} />
    </aside>
  );
}
