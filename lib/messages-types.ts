import type { AttachmentDto } from "@/lib/attachments-types";

// The message shape the API returns and the browser renders (no server imports here).
export interface MessageDto {
  id: string;
  roomId: string;
  author: { id: string; name: string };
  /** Null once deleted: the UI shows "message deleted". */
  body: string | null;
  clientId: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** The people the author mentioned by name (resolved and stored by the server when it was sent). */
  mentions: { id: string; name: string }[];
  /** Sent with @room: every member was notified. */
  mentionsRoom: boolean;
  /** Emoji reactions in the order they were first given, each with who reacted. */
  reactions: ReactionDto[];
  /** Set on a reply: the thread's top-level message. */
  parentId: string | null;
  /** On a top-level message: its thread's replies, and the newest one's time. */
  replyCount: number;
  lastReplyAt: string | null;
  /** Files shared with the message (none once it is deleted). */
  attachments: AttachmentDto[];
}

/** `thread.updated` on the room's messages channel: a thread gained a reply. */
export interface ThreadUpdatedEvent {
  roomId: string;
  parentId: string;
  replyCount: number;
  lastReplyAt: string;
}

export interface ReactionDto {
  emoji: string;
  users: { id: string; name: string }[];
}

/** `reaction.updated` on the room's messages channel: one person's reaction came or went. */
export interface ReactionEvent {
  roomId: string;
  messageId: string;
  emoji: string;
  user: { id: string; name: string };
  reacted: boolean;
}

/** Applies one reaction change to a message's reactions (idempotent: applying it twice changes nothing more). */
export function applyReaction(reactions: ReactionDto[], { emoji, user, reacted }: Pick<ReactionEvent, "emoji" | "user" | "reacted">): ReactionDto[] {
  const existing = reactions.find((r) => r.emoji === emoji);
  if (reacted) {
    if (existing?.users.some((u) => u.id === user.id)) return reactions;
    return existing ? reactions.map((r) => (r === existing ? { ...r, users: [...r.users, user] } : r)) : [...reactions, { emoji, users: [user] }];
  }
  if (!existing?.users.some((u) => u.id === user.id)) return reactions;
  return reactions.map((r) => (r === existing ? { ...r, users: r.users.filter((u) => u.id !== user.id) } : r)).filter((r) => r.users.length > 0);
}
