// How a client holds a room's messages, shared by the room view and the reliability suite (which
// proves it against a realtime server killed mid-run): merged by id, oldest → newest in the
// server's order, and caught up from the API after a reconnect. Client-safe: no server imports.
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

export interface HistoryPage {
  messages: MessageDto[];
  nextCursor: string | null;
}

/**
 * Everything newer than what we hold, after missing live events (a reconnect). Pages back from
 * the newest until a page holds nothing new, so a gap of any length is filled, including messages
 * committed slightly out of timestamp order around the last one we saw. `known` tells which ids we
 * already have. At most `maxPages` pages (then the view still has the latest ones).
 */
export async function catchUp(fetchPage: (cursor: string | null) => Promise<HistoryPage>, known: (id: string) => boolean, maxPages = 40): Promise<MessageDto[]> {
  const found: MessageDto[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const { messages, nextCursor } = await fetchPage(cursor);
    const fresh = messages.filter((m) => !known(m.id));
    found.push(...messages);
    if (fresh.length === 0 || !nextCursor) break;
    cursor = nextCursor;
  }
  return found;
}
