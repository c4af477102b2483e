// How a client holds a room's messages: merged by id, oldest → newest in the server's order
// (catching up after a gap is lib/client/room-history.ts). Client-safe: no server imports.
import type { AttachmentDto } from "@/lib/attachments-types";
import type { MessageDto } from "@/lib/messages-types";

export type StoredMessage = MessageDto & { status?: "pending" | "failed"; error?: string };

/** The server's order: createdAt, then id. */
export function compareMessages(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

/** `current` with `incoming` merged in: one entry per id (or per our own pending send's clientId), sorted. */
export function mergeMessages<M extends StoredMessage>(current: M[], incoming: M[]): M[] {
  if (incoming.length === 0) return current;
  const next = [...current];
  // One pass to index what we hold, so a batch merges in O(held + incoming), not O(held × incoming).
  const byId = new Map<string, number>();
  const bySend = new Map<string, number>();
  next.forEach((m, i) => {
    byId.set(m.id, i);
    bySend.set(`${m.author.id}\u0000${m.clientId}`, i);
  });
  for (const message of incoming) {
    const sendKey = `${message.author.id}\u0000${message.clientId}`;
    const index = byId.get(message.id) ?? bySend.get(sendKey);
    if (index !== undefined) next[index] = message;
    else {
      byId.set(message.id, next.length);
      bySend.set(sendKey, next.length);
      next.push(message);
    }
  }
  return next.sort(compareMessages);
}

/** Our own send as shown until the server answers: marked pending, matched later by its clientId. */
export function pendingMessage({
  roomId,
  author,
  body,
  clientId,
  parentId = null,
  attachments = [],
}: {
  roomId: string;
  author: { id: string; name: string };
  body: string;
  clientId: string;
  parentId?: string | null;
  attachments?: AttachmentDto[];
}): StoredMessage {
  return {
    id: `pending-${clientId}`,
    roomId,
    author,
    body,
    clientId,
    createdAt: new Date().toISOString(),
    editedAt: null,
    deletedAt: null,
    mentions: [],
    mentionsRoom: false,
    reactions: [],
    parentId,
    replyCount: 0,
    lastReplyAt: null,
    attachments,
    status: "pending",
  };
}
