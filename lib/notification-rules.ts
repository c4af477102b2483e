// Who is notified of a message, and what the notification says: one rule for the server (Web
// Push) and the browser (in-page notifications from live events), so both agree. Type imports
// only: safe on either side.
import type { MessageDto } from "@/lib/messages-types";

export type NotifyLevel = "ALL" | "MENTIONS" | "NOTHING";
export type ConversationKind = "ROOM" | "DIRECT" | "GROUP";

export interface NotifyInput {
  /** The recipient's User.notifyLevel. */
  level: NotifyLevel;
  /** The recipient's Membership.muted in this room. */
  muted: boolean;
  kind: ConversationKind;
  /** The message mentions the recipient (by name, or @room). */
  mentioned: boolean;
  /** The recipient wrote the message. */
  isAuthor: boolean;
}

/** Never the author, never muted or NOTHING; ALL: every message; MENTIONS: mentions and every message of a DIRECT or GROUP conversation. */
export function shouldNotify({ level, muted, kind, mentioned, isAuthor }: NotifyInput): boolean {
  if (isAuthor || muted || level === "NOTHING") return false;
  if (level === "ALL") return true;
  return mentioned || kind === "DIRECT" || kind === "GROUP";
}

/** Mentions and direct/group messages are worth waking a device for; the rest of ALL is not. */
export function isUrgent({ kind, mentioned }: Pick<NotifyInput, "kind" | "mentioned">): boolean {
  return mentioned || kind !== "ROOM";
}

export interface NotifiedRoom {
  id: string;
  slug: string;
  /** A room's name; a conversation's as the recipient sees it ("" to name it by `memberNames`). */
  name: string;
  kind: ConversationKind;
}

/** What a notification shows and opens (the push payload and the in-page notification alike). */
export interface NotificationPayload {
  title: string;
  body: string;
  /** Same-origin path to the message. */
  url: string;
  /** The room id: a newer notification from the same room replaces the older one. */
  tag: string;
  roomId: string;
  messageId: string;
}

const maxBodyChars = 200;

export function defaultTitle({ author, room, memberNames }: { author: string; room: NotifiedRoom; memberNames: string[] }): string {
  if (room.kind === "DIRECT") return author;
  if (room.kind === "GROUP") return `${author} in ${room.name.trim() || [...memberNames].sort((a, b) => a.localeCompare(b)).join(", ")}`;
  return `${author} in #${room.name}`;
}

export function notificationPayload({ message, room, title }: { message: MessageDto; room: NotifiedRoom; title: string }): NotificationPayload {
  return {
    title,
    body: truncate(message.body ?? "", maxBodyChars),
    url: `/rooms/${encodeURIComponent(room.slug)}?message=${encodeURIComponent(message.id)}`,
    tag: room.id,
    roomId: room.id,
    messageId: message.id,
  };
}

/** At most `max` characters (whole code points), with an ellipsis when cut; whitespace runs folded. */
export function truncate(text: string, max: number): string {
  const folded = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(folded);
  return chars.length <= max ? folded : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}
