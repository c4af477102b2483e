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
  const next = [...current];
  for (const message of incoming) {
    const index = next.findIndex((m) => m.id === message.id || (m.clientId === message.clientId && m.author.id === message.author.id));
    if (index >= 0) next[index] = message;
    else next.push(message);
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
