// Who is notified of a message: one rule for the server (Web Push) and the browser (in-page
// notifications from live events), so both agree. No imports: safe on either side.

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
