import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { roomMessagesChannel, socketIdPattern } from "@/lib/realtime/channels";
import { encryptionEnabled, pusher } from "@/lib/realtime/pusher";
import type { MessageDto } from "@/lib/messages-types";

export type { MessageDto };

const messageSelect = {
  id: true,
  roomId: true,
  body: true,
  clientId: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  author: { select: { id: true, name: true } },
} as const;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

export function toMessageDto(row: MessageRow): MessageDto {
  return {
    id: row.id,
    roomId: row.roomId,
    author: row.author,
    body: row.deletedAt ? null : row.body,
    clientId: row.clientId,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

// History cursors are opaque to clients: base64url of "<createdAt ISO>|<id>".
function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  // Exactly what encodeCursor writes: anything else (years past 9999, odd zones) is refused here
  // rather than by PostgreSQL (found by the API fuzzer: it was a 500).
  const createdAt = new Date(iso ?? "");
  if (rest.length > 0 || !id || !/^[a-z0-9]{1,64}$/.test(id) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(iso ?? "") || Number.isNaN(createdAt.getTime())) {
    throw new AppError("bad_request", "The history cursor is malformed.");
  }
  return { createdAt, id };
}

/** One page of history, newest first; stable when timestamps are equal (ordered by id too). */
export async function listMessages({ roomId, before, limit }: { roomId: string; before?: string; limit: number }) {
  const cursor = before ? decodeCursor(before) : null;
  const rows = await prisma.message.findMany({
    where: {
      roomId,
      // `createdAt <= cursor` makes the index range start at the cursor; the OR only settles ties.
      // Without it PostgreSQL walks the index from the newest message and filters: 269 ms for a
      // page 500,000 messages deep instead of 0.1 ms (npm run bench:history).
      ...(cursor && { createdAt: { lte: cursor.createdAt }, OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: messageSelect,
  });
  const page = rows.slice(0, limit);
  return { messages: page.map(toMessageDto), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
}

/** Writes the message; a retry with the same clientId returns the first one (`created: false`). */
export async function createMessage({ roomId, author, body, clientId }: { roomId: string; author: { id: string; name: string }; body: string; clientId: string }) {
  const authorId = author.id;
  try {
    // The author is the caller, already known: selecting the relation would cost a second query
    // (and Prisma wraps the pair in a transaction) on the hottest write path.
    const { author: _unused, ...scalars } = messageSelect;
    const row = await prisma.message.create({ data: { roomId, authorId, body, clientId }, select: scalars });
    return { message: toMessageDto({ ...row, author: { id: author.id, name: author.name } }), created: true };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const existing = await prisma.message.findUnique({ where: { authorId_clientId: { authorId, clientId } }, select: messageSelect });
    if (!existing || existing.roomId !== roomId) throw new AppError("conflict", "That clientId was already used for another message.");
    return { message: toMessageDto(existing), created: false };
  }
}

export async function getMessageInRoom({ roomId, messageId }: { roomId: string; messageId: string }) {
  const row = await prisma.message.findFirst({ where: { id: messageId, roomId }, select: messageSelect });
  if (!row) throw new AppError("not_found", "Message not found.");
  return row;
}

export async function editMessage({ messageId, body }: { messageId: string; body: string }) {
  const row = await prisma.message.update({ where: { id: messageId }, data: { body, editedAt: new Date() }, select: messageSelect });
  return toMessageDto(row);
}

/** Soft delete: the row stays (history stays stable), its text is wiped. */
export async function deleteMessage({ messageId }: { messageId: string }) {
  const row = await prisma.message.update({ where: { id: messageId }, data: { body: "", deletedAt: new Date() }, select: messageSelect });
  return toMessageDto(row);
}

// Pusher refuses event data over 10 KB; a 4,000-character message can exceed it in UTF-8, so big
// ones go out as a stub that tells clients to fetch the message.
const maxEventBytes = 9_000;

/**
 * Publishes a message event to the room's channel, excluding the sender's own socket. Runs after
 * the database write; a failure here is logged, never thrown: clients fill gaps from the API.
 */
export async function broadcastMessageEvent({
  event,
  message,
  socketId,
}: {
  event: "message.created" | "message.updated" | "message.deleted";
  message: MessageDto;
  socketId: string | null;
}): Promise<void> {
  const full = JSON.stringify(message);
  const data = Buffer.byteLength(full) > maxEventBytes ? { id: message.id, roomId: message.roomId, fetch: true } : message;
  try {
    await pusher.trigger(roomMessagesChannel(message.roomId, encryptionEnabled), event, data, {
      ...(socketId && socketIdPattern.test(socketId) && { socket_id: socketId }),
    });
  } catch (error) {
    log.warn("broadcast failed", { event, message_id: message.id, room_id: message.roomId, error: String(error) });
  }
}

/** A room-level event (settings changed) on the room's channel; best effort, like messages. */
export async function broadcastRoomEvent(roomId: string, event: "room.updated", data: { id: string; name: string; description: string; visibility: string }): Promise<void> {
  try {
    await pusher.trigger(roomMessagesChannel(roomId, encryptionEnabled), event, data);
  } catch (error) {
    log.warn("broadcast failed", { event, room_id: roomId, error: String(error) });
  }
}
