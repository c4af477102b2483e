"use client";

import { MessageText } from "@/components/chat/message-text";
import type { ViewMessage } from "@/components/chat/use-messages";

export interface MessageListProps {
  messages: ViewMessage[];
  meId: string;
  onRetry: (message: ViewMessage) => void;
}

const sameGroupMs = 5 * 60 * 1000;
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "long", day: "numeric" });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** Messages grouped by author within five minutes, with a separator for each new day. */
export function MessageList({ messages, meId, onRetry }: MessageListProps) {
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
    const grouped = !newDay && previous?.author.id === message.author.id && at.getTime() - new Date(previous.createdAt).getTime() < sameGroupMs;
    items.push(
      <li key={message.id} className={`group px-1 ${grouped ? "mt-0.5" : "mt-3"}`} data-testid="message" data-message-id={message.id}>
        {!grouped && (
          <div className="flex items-baseline gap-2">
            <span className="font-semibold">{message.author.id === meId ? "You" : message.author.name}</span>
            <time dateTime={message.createdAt} className="text-xs text-zinc-500">
              {timeFormat.format(at)}
            </time>
          </div>
        )}
        <div className={message.status === "pending" ? "opacity-60" : undefined}>
          {message.deletedAt ? (
            <p className="italic text-zinc-500">message deleted</p>
          ) : (
            <MessageText text={message.body ?? ""} />
          )}
          {message.editedAt && !message.deletedAt && <span className="text-xs text-zinc-500"> (edited)</span>}
          {message.status === "pending" && <span className="text-xs text-zinc-500"> Sending…</span>}
          {message.status === "failed" && (
            <span className="text-xs text-red-600 dark:text-red-400">
              {" "}Not sent.{" "}
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
