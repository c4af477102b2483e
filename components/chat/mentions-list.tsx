"use client";

import Link from "next/link";
import { useState } from "react";
import { MessageText } from "@/components/chat/message-text";
import type { MentionDto } from "@/lib/mentions-types";

const when = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** The person's mentions, newest first, each a link to the message in its room. */
export function MentionsList({ meId, initial, initialCursor }: { meId: string; initial: MentionDto[]; initialCursor: string | null }) {
  const [mentions, setMentions] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function more() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const response = await fetch(`/api/mentions?before=${encodeURIComponent(cursor)}`);
      if (!response.ok) throw new Error();
      const page = (await response.json()) as { mentions: MentionDto[]; nextCursor: string | null };
      setMentions((current) => [...current, ...page.mentions]);
      setCursor(page.nextCursor);
    } catch {
      setError("Couldn't load older mentions. Try again.");
    } finally {
      setLoading(false);
    }
  }

  if (mentions.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-zinc-500 dark:border-zinc-700" data-testid="mentions-empty">
        Nobody has mentioned you yet. When someone writes @{"{"}your name{"}"} or @room, it shows up here.
      </p>
    );
  }
  return (
    <>
      <ul className="flex flex-col gap-2" data-testid="mentions-list">
        {mentions.map(({ message, room, unread }) => (
          <li key={message.id}>
            <Link
              href={`/rooms/${room.slug}?message=${message.id}`}
              className="block rounded-lg border border-zinc-200 bg-white px-4 py-3 hover:border-brand-500 dark:border-zinc-800 dark:bg-zinc-900"
              data-testid="mention-entry"
            >
              <div className="flex items-baseline justify-between gap-2 text-sm">
                <span className="truncate">
                  <span className="font-semibold">{message.author.name}</span> <span className="text-zinc-500">in {room.kind === "ROOM" ? `#${room.name}` : room.name}</span>
                </span>
                <span className="flex shrink-0 items-center gap-2 text-xs text-zinc-500">
                  {unread && <span className="rounded-full bg-red-600 px-1.5 font-semibold text-white">new</span>}
                  <time dateTime={message.createdAt}>{when.format(new Date(message.createdAt))}</time>
                </span>
              </div>
              <MessageText text={message.body ?? ""} mentions={message.mentions} mentionsRoom={message.mentionsRoom} meId={meId} preview />
            </Link>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" onClick={() => void more()} disabled={loading} className="self-center rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
          {loading ? "Loading…" : "Older mentions"}
        </button>
      )}
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
    </>
  );
}
