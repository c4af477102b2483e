"use client";

import { useState } from "react";
import { MessageAttachments } from "@/components/chat/message-attachments";
import { MessageText } from "@/components/chat/message-text";
import { ReactionChips, ReactionPicker } from "@/components/chat/reactions";
import { PersonName } from "@/components/people/person-name";
import { Avatar } from "@/components/ui/avatar";
import type { ViewMessage } from "@/components/chat/use-room-history";

export interface MessageListProps {
  messages: ViewMessage[];
  meId: string;
  canModerate: boolean;
  onRetry: (message: ViewMessage) => void;
  onEdit: (message: ViewMessage, body: string) => void;
  onDelete: (message: ViewMessage) => void;
  /** Sets our reaction `emoji` on the message to `reacted`. */
  onReact: (message: ViewMessage, emoji: string, reacted: boolean) => void;
  /** The message's permalink (opens the room at it, for members). */
  permalink: (message: ViewMessage) => string;
  /** Opens a message's thread (absent inside a thread: threads do not nest). */
  onOpenThread?: (message: ViewMessage) => void;
  /** The first unread message when the room was opened: the "New" divider goes above it. */
  firstUnreadId?: string | null;
  /** A message to point at (opened from a notification or the Mentions page). */
  highlightId?: string | null;
}

const sameGroupMs = 5 * 60 * 1000;
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "long", day: "numeric" });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** Messages grouped by author within five minutes, with a separator for each new day. */
export function MessageList({ messages, meId, canModerate, onRetry, onEdit, onDelete, onReact, permalink, onOpenThread, firstUnreadId, highlightId }: MessageListProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const items: React.ReactNode[] = [];
  let previous: ViewMessage | undefined;
  for (const message of messages) {
    const at = new Date(message.createdAt);
    const newDay = !previous || new Date(previous.createdAt).toDateString() !== at.toDateString();
    if (newDay) {
      items.push(
        <li key={`day-${at.toDateString()}`} className="my-3 flex items-center gap-3 text-xs font-medium text-zinc-500" role="separator">
          <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          {dayFormat.format(at)}
          <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
        </li>,
      );
    }
    const unreadStart = message.id === firstUnreadId;
    if (unreadStart) {
      items.push(
        <li key="new-divider" className="my-2 flex items-center gap-3 text-xs font-semibold text-red-600 dark:text-red-400" role="separator" aria-label="New messages" data-testid="new-divider">
          <span className="h-px flex-1 bg-red-300 dark:bg-red-800" />
          New
        </li>,
      );
    }
    const grouped = !newDay && !unreadStart && previous?.author.id === message.author.id && at.getTime() - new Date(previous.createdAt).getTime() < sameGroupMs;
    const mentionsMe = !message.deletedAt && message.author.id !== meId && (message.mentionsRoom || message.mentions.some((m) => m.id === meId));
    items.push(
      <li
        key={message.id}
        className={`group relative rounded px-1 hover:bg-zinc-100/60 dark:hover:bg-zinc-900 ${grouped ? "mt-0.5" : "mt-3"} ${mentionsMe ? "border-l-2 border-amber-400 bg-amber-50/70 dark:bg-amber-950/30" : ""} ${message.id === highlightId ? "ring-2 ring-brand-500" : ""}`}
        data-testid="message"
        data-message-id={message.id}
        data-mentions-me={mentionsMe ? "true" : undefined}
      >
        {!grouped && (
          <div className="flex items-center gap-2">
            <Avatar person={message.author} size="sm" />
            {message.author.id === meId ? <span className="font-semibold">You</span> : <PersonName person={message.author} meId={meId} className="font-semibold" />}
            <time dateTime={message.createdAt} className="text-xs text-zinc-500">
              {timeFormat.format(at)}
            </time>
          </div>
        )}
        <div className={message.status === "pending" ? "opacity-60" : undefined}>
          {message.deletedAt ? (
            <p className="italic text-zinc-500">message deleted</p>
          ) : editing === message.id ? (
            <form
              className="flex flex-col gap-1"
              onSubmit={(event) => {
                event.preventDefault();
                const body = String(new FormData(event.currentTarget).get("body") ?? "").trim();
                if (body) onEdit(message, body);
                setEditing(null);
              }}
            >
              <label className="sr-only" htmlFor={`edit-${message.id}`}>
                Edit message
              </label>
              <textarea
                id={`edit-${message.id}`}
                name="body"
                defaultValue={message.body ?? ""}
                autoFocus
                onKeyDown={(event) => {
                  if (event.key === "Escape") setEditing(null);
                  if (event.key === "Enter" && !event.shiftKey) {
                    event.preventDefault();
                    event.currentTarget.form?.requestSubmit();
                  }
                }}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
              />
              <span className="text-xs text-zinc-500">Enter to save, Esc to cancel</span>
            </form>
          ) : (
            <>
              {message.body && <MessageText text={message.body} mentions={message.mentions} mentionsRoom={message.mentionsRoom} meId={meId} />}
              <MessageAttachments attachments={message.attachments ?? []} />
            </>
          )}
          {message.editedAt && !message.deletedAt && <span className="text-xs text-zinc-500"> (edited)</span>}
          {message.status === "pending" && <span className="text-xs text-zinc-500"> Sending…</span>}
          {!message.status && !message.deletedAt && editing !== message.id && (
            <span className="absolute right-1 top-0 flex gap-2 rounded bg-white px-1 text-xs opacity-0 shadow-sm group-hover:opacity-100 group-focus-within:opacity-100 has-[[aria-expanded=true]]:opacity-100 dark:bg-zinc-800">
              <ReactionPicker onPick={(emoji) => onReact(message, emoji, true)} />
              {onOpenThread && (
                <button type="button" className="text-zinc-500 underline" onClick={() => onOpenThread(message)}>
                  Reply in thread
                </button>
              )}
              <CopyLinkButton url={permalink(message)} />
              {message.author.id === meId && (
                <button type="button" className="text-zinc-500 underline" onClick={() => setEditing(message.id)}>
                  Edit
                </button>
              )}
              {(message.author.id === meId || canModerate) && (
                <button type="button" className="text-zinc-500 underline" onClick={() => window.confirm("Delete this message?") && onDelete(message)}>
                  Delete
                </button>
              )}
            </span>
          )}
          {!message.deletedAt && <ReactionChips reactions={message.reactions} meId={meId} onToggle={(emoji, reacted) => onReact(message, emoji, reacted)} />}
          {onOpenThread && message.replyCount > 0 && (
            <button type="button" onClick={() => onOpenThread(message)} className="mt-1 text-sm font-medium text-brand-600 hover:underline dark:text-brand-100" data-testid="thread-summary">
              {message.replyCount === 1 ? "1 reply" : `${message.replyCount} replies`}
              {message.lastReplyAt && <span className="font-normal text-zinc-500"> · last {timeFormat.format(new Date(message.lastReplyAt))}</span>}
            </button>
          )}
          {message.error && message.status !== "failed" && <span className="text-xs text-red-600 dark:text-red-400"> {message.error}</span>}
          {message.status === "failed" && (
            <span className="text-xs text-red-600 dark:text-red-400">
              {" "}{message.error ?? "Not sent."}{" "}
              <button type="button" className="font-medium underline" onClick={() => onRetry(message)}>
                Retry
              </button>
            </span>
          )}
        </div>
      </li>,
    );
    previous = message;
  }
  return <ol className="flex flex-col">{items}</ol>;
}

/** "Copy link": the message's permalink to the clipboard, with a moment of "Copied". */
function CopyLinkButton({ url }: { url: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className="text-zinc-500 underline"
      onClick={() => {
        navigator.clipboard
          .writeText(new URL(url, window.location.origin).toString())
          .then(() => setState("copied"))
          .catch(() => setState("failed"))
          .finally(() => setTimeout(() => setState("idle"), 1500));
      }}
    >
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy link"}
    </button>
  );
}
