import "server-only";
import { createId } from "@paralleldrive/cuid2";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { roomMessagesChannel, socketIdPattern } from "@/lib/realtime/channels";
import { describePublishError, encryptionEnabled, publish, pusher } from "@/lib/realtime/pusher";
import type { MessageDto, ReactionDto, ThreadUpdatedEvent } from "@/lib/messages-types";
import { deleteStored } from "@/lib/attachments";
import { attachmentDto } from "@/lib/attachments-types";
import { everyoneMentionPattern } from "@/lib/schemas/messages";

export type { MessageDto };

const attachmentSelect = { id: true, roomId: true, name: true, size: true, contentType: true, width: true, height: true, thumbnailKey: true } as const;
type AttachmentRow = Prisma.AttachmentGetPayload<{ select: typeof attachmentSelect }>;

/** A message's files as JSON, in the order they were attached (for the hand-written statements). */
const attachmentsJson = (message: Prisma.Sql) => Prisma.sql`(SELECT json_agg(json_build_object('id', f."id", 'roomId', f."roomId", 'name', f."name", 'size', f."size",
    'contentType', f."contentType", 'width', f."width", 'height', f."height", 'thumbnailKey', f."thumbnailKey") ORDER BY f."createdAt", f."id")
  FROM "Attachment" f WHERE f."messageId" = ${message} AND f."status" = 'READY')`;

const messageSelect = {
  id: true,
  roomId: true,
  body: true,
  clientId: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  mentionsRoom: true,
  parentId: true,
  replyCount: true,
  lastReplyAt: true,
  author: { select: { id: true, name: true } },
  mentions: { where: { everyone: false }, select: { user: { select: { id: true, name: true } } } },
  reactions: { select: { emoji: true, user: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
  attachments: { where: { status: "READY" }, select: attachmentSelect, orderBy: { createdAt: "asc" } },
} as const;

type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

type DtoSource = Omit<MessageRow, "mentions" | "reactions" | "attachments"> & {
  mentions: { id: string; name: string }[] | { user: { id: string; name: string } }[];
  reactions?: { emoji: string; user: { id: string; name: string } }[] | null;
  attachments?: AttachmentRow[] | null;
};

/** Reaction rows (oldest first) grouped by emoji, in the order each emoji was first given. */
export function groupReactions(rows: { emoji: string; user: { id: string; name: string } }[]): ReactionDto[] {
  const byEmoji = new Map<string, ReactionDto>();
  for (const { emoji, user } of rows) {
    const entry = byEmoji.get(emoji) ?? { emoji, users: [] };
    entry.users.push(user);
    byEmoji.set(emoji, entry);
  }
  return [...byEmoji.values()];
}

export function toMessageDto(row: DtoSource): MessageDto {
  const mentions = row.mentions.map((m) => ("user" in m ? m.user : m));
  return {
    id: row.id,
    roomId: row.roomId,
    author: row.author,
    body: row.deletedAt ? null : row.body,
    clientId: row.clientId,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    mentions: row.deletedAt ? [] : mentions,
    mentionsRoom: row.mentionsRoom,
    reactions: row.deletedAt ? [] : groupReactions(row.reactions ?? []),
    parentId: row.parentId,
    replyCount: row.replyCount,
    lastReplyAt: row.lastReplyAt?.toISOString() ?? null,
    attachments: row.deletedAt ? [] : (row.attachments ?? []).map(attachmentDto),
  };
}

/**
 * A message as a list of results shows it (search, the Mentions page): its words, author and
 * mentions, not the reactions, the thread or the files around it. Never a deleted one.
 */
export function previewMessage(row: {
  id: string;
  roomId: string;
  author: { id: string; name: string };
  body: string;
  clientId: string;
  createdAt: Date;
  editedAt: Date | null;
  mentions: { id: string; name: string }[];
  mentionsRoom: boolean;
  parentId: string | null;
}): MessageDto {
  // Field by field: the rows these come from carry more (the room, the snippet) than a message.
  return {
    id: row.id,
    roomId: row.roomId,
    author: row.author,
    body: row.body,
    clientId: row.clientId,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: null,
    mentions: row.mentions,
    mentionsRoom: row.mentionsRoom,
    parentId: row.parentId,
    reactions: [],
    replyCount: 0,
    lastReplyAt: null,
    attachments: [],
  };
}

// History cursors are opaque to clients: base64url of "<createdAt ISO>|<id>".
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}
export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
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
      // The room's own history: thread replies are read in their thread.
      parentId: null,
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

/**
 * One page forward from `afterId` (exclusive; "" starts at the room's first message), oldest
 * first, for a client catching up from the newest message it held before a gap. `nextCursor` is
 * the last message's id when more may follow. Index-backed from the anchor, like `before` pages.
 */
export async function listMessagesAfter({ roomId, afterId, limit }: { roomId: string; afterId: string; limit: number }) {
  let range = {};
  if (afterId) {
    const anchor = await prisma.message.findFirst({ where: { id: afterId, roomId }, select: { id: true, createdAt: true } });
    if (!anchor) throw new AppError("unprocessable", "That message is not in this room.");
    // `createdAt >= anchor` starts the index range at the anchor; the OR only settles ties.
    range = { createdAt: { gte: anchor.createdAt }, OR: [{ createdAt: { gt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { gt: anchor.id } }] };
  }
  const rows = await prisma.message.findMany({
    where: { roomId, parentId: null, ...range },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    select: messageSelect,
  });
  const page = rows.slice(0, limit);
  return { messages: page.map(toMessageDto), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * The history around one message (a permalink, a search result, a notification): up to `limit`
 * before it, it, and up to `limit` after, newest first like the first page; `nextCursor` pages
 * further back. The room view catches up forward from the newest of these by itself. Null when
 * the message is not in the room.
 */
export async function listMessagesAround({ roomId, messageId, limit }: { roomId: string; messageId: string; limit: number }) {
  const found = await prisma.message.findFirst({ where: { id: messageId, roomId }, select: messageSelect });
  if (!found) return null;
  // A reply is shown in its thread: the room opens at the thread's message.
  const anchor = found.parentId ? await prisma.message.findFirst({ where: { id: found.parentId, roomId }, select: messageSelect }) : found;
  if (!anchor) return null;
  const [older, newer] = await Promise.all([listMessages({ roomId, before: encodeCursor(anchor), limit }), listMessagesAfter({ roomId, afterId: anchor.id, limit })]);
  return { messages: [...[...newer.messages].reverse(), toMessageDto(anchor), ...older.messages], nextCursor: older.nextCursor };
}

/**
 * A thread: its top-level message and the replies after `afterId` ("" from the first), oldest
 * first, 100 a page; `nextCursor` is the next page's `afterId`. Null when the message is not a
 * top-level message of this room.
 */
export async function listThread({ roomId, parentId, afterId, limit }: { roomId: string; parentId: string; afterId: string; limit: number }) {
  const parent = await prisma.message.findFirst({ where: { id: parentId, roomId, parentId: null }, select: messageSelect });
  if (!parent) return null;
  let range = {};
  if (afterId) {
    const anchor = await prisma.message.findFirst({ where: { id: afterId, parentId }, select: { id: true, createdAt: true } });
    if (!anchor) throw new AppError("unprocessable", "That message is not in this thread.");
    range = { createdAt: { gte: anchor.createdAt }, OR: [{ createdAt: { gt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { gt: anchor.id } }] };
  }
  const rows = await prisma.message.findMany({ where: { parentId, ...range }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: limit + 1, select: messageSelect });
  const page = rows.slice(0, limit);
  return { parent: toMessageDto(parent), replies: page.map(toMessageDto), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Who follows a thread: its message's author, everyone who replied, everyone mentioned in it (still members). */
export async function threadParticipants({ parentId }: { parentId: string }): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ userId: string }[]>`
    SELECT "authorId" AS "userId" FROM "Message" WHERE "id" = ${parentId} OR "parentId" = ${parentId}
    UNION
    SELECT y."userId" FROM "Mention" y JOIN "Message" x ON x."id" = y."messageId"
    WHERE (x."id" = ${parentId} OR x."parentId" = ${parentId}) AND NOT y."everyone"`;
  return rows.map((r) => r.userId);
}

/** `thread.updated`: the thread's count and latest reply, for the parent wherever it is shown. Best effort. */
export async function broadcastThreadUpdate({ event, channelKey }: { event: ThreadUpdatedEvent; channelKey: string }): Promise<void> {
  try {
    await publish(() => pusher.trigger(roomMessagesChannel(event.roomId, channelKey, encryptionEnabled), "thread.updated", event));
  } catch (error) {
    log.warn("broadcast failed", { event: "thread.updated", message_id: event.parentId, room_id: event.roomId, error: describePublishError(error) });
  }
}

// The write paths below read the room's channel key in the statement that writes, so each event
// goes out on the generation current at that write. Why that is enough: PostgreSQL (READ
// COMMITTED) gives every statement a snapshot taken when it starts, and a removal answers only
// after the transaction that deleted the membership and replaced the key has committed
// (lib/moderation.ts, removeMembership). So a send whose statement starts after the removal's
// response sees the new key, and its event is published on names the removed person was never
// signed for; the same statement refuses a send by the removed person. A send already under way
// before the commit was begun before the removal answered, and may still go out on the old names.

type WrittenRow = {
  id: string;
  roomId: string;
  body: string;
  clientId: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  mentionsRoom: boolean;
  parentId: string | null;
  replyCount: number;
  lastReplyAt: Date | null;
};
type Named = { id: string; name: string };

export interface CreatedMessage {
  message: MessageDto;
  created: boolean;
  channelKey: string;
  /** Everyone the message mentions (named or through @room) who is a member: empty on a retry. */
  mentionedUserIds: string[];
  /** For a new reply: its thread's count and latest time, as the parent now has them. */
  thread: { replyCount: number; lastReplyAt: string } | null;
}

/**
 * Writes the message as `author`, who must still be a member (checked by the same statement);
 * a retry with the same clientId returns the first one (`created: false`). Returns the key of
 * the room's current channel generation with it.
 *
 * Mentions are resolved here, once: `mentionIds` (picked in the composer) count only for members
 * of the room, and `everyone` (@room) names every member; the Mention rows are written by the
 * same statement, so a mention can never name someone who was not a member when it was sent.
 * In a DIRECT conversation the statement also refuses an author the other person has blocked.
 */
export async function createMessage({
  roomId,
  author,
  body,
  clientId,
  mentionIds = [],
  everyone = false,
  parentId = null,
  attachmentIds = [],
}: {
  roomId: string;
  author: { id: string; name: string };
  body: string;
  clientId: string;
  mentionIds?: string[];
  everyone?: boolean;
  /** A reply in this top-level message's thread. */
  parentId?: string | null;
  /** Finished uploads of the author's in this room, not yet on a message. */
  attachmentIds?: string[];
}): Promise<CreatedMessage> {
  const authorId = author.id;
  // One statement: the membership, block and key read, the insert, the mentions, the idempotency
  // check. The author is the caller, already known, so nothing is read back through a relation.
  const [row] = await prisma.$queryRaw<
    ({ channelKey: string; blocked: boolean; parentOk: boolean; attachmentsOk: boolean; attached: AttachmentRow[] | null; mentioned: Named[] | null; everyoneIds: string[] | null; threadCount: number | null; threadLast: Date | null } & {
      [K in keyof WrittenRow]: WrittenRow[K] | null;
    })[]
  >`
    WITH room AS (
      SELECT r."channelKey",
             (r."kind" = 'DIRECT' AND EXISTS (
               SELECT 1 FROM "Membership" o JOIN "Block" b ON b."blockerId" = o."userId" AND b."blockedId" = ${authorId}
               WHERE o."roomId" = r."id" AND o."userId" <> ${authorId})) AS "blocked",
             -- A reply's thread: a live top-level message of this room (threads do not nest).
             (${parentId}::text IS NULL OR EXISTS (
               SELECT 1 FROM "Message" p WHERE p."id" = ${parentId} AND p."roomId" = r."id" AND p."parentId" IS NULL AND p."deletedAt" IS NULL)) AS "parentOk",
             -- Every file: the author's, finished, in this room, on no message yet (locked, so two
             -- sends cannot both take one).
             ((SELECT count(*) FROM (SELECT 1 FROM "Attachment" a WHERE a."id" = ANY(${attachmentIds}::text[]) AND a."roomId" = r."id"
                 AND a."uploaderId" = ${authorId} AND a."status" = 'READY' AND a."messageId" IS NULL FOR UPDATE) f) = cardinality(${attachmentIds}::text[])) AS "attachmentsOk"
      FROM "Room" r
      JOIN "Membership" m ON m."roomId" = r."id" AND m."userId" = ${authorId}
      WHERE r."id" = ${roomId}
    ), inserted AS (
      INSERT INTO "Message" ("id", "roomId", "authorId", "body", "clientId", "mentionsRoom", "parentId")
      SELECT ${createId()}, ${roomId}, ${authorId}, ${body}, ${clientId}, ${everyone}, ${parentId} FROM room WHERE NOT room."blocked" AND room."parentOk" AND room."attachmentsOk"
      ON CONFLICT ("authorId", "clientId") DO NOTHING
      RETURNING "id", "roomId", "body", "clientId", "createdAt", "editedAt", "deletedAt", "mentionsRoom", "parentId", "replyCount", "lastReplyAt"
    ), thread AS (
      UPDATE "Message" p SET "replyCount" = p."replyCount" + 1, "lastReplyAt" = i."createdAt"
      FROM inserted i WHERE p."id" = i."parentId"
      RETURNING p."replyCount", p."lastReplyAt"
    ), attached AS (
      UPDATE "Attachment" a SET "messageId" = i."id" FROM inserted i
      WHERE a."id" = ANY(${attachmentIds}::text[]) AND a."roomId" = i."roomId" AND a."uploaderId" = ${authorId} AND a."messageId" IS NULL
      RETURNING a."id", a."roomId", a."name", a."size", a."contentType", a."width", a."height", a."thumbnailKey"
    ), mentioned AS (
      INSERT INTO "Mention" ("messageId", "userId", "roomId", "createdAt", "everyone")
      SELECT i."id", mm."userId", i."roomId", i."createdAt", NOT (mm."userId" = ANY(${mentionIds}::text[]))
      FROM inserted i JOIN "Membership" mm ON mm."roomId" = i."roomId"
      WHERE mm."userId" <> ${authorId} AND (${everyone} OR mm."userId" = ANY(${mentionIds}::text[]))
      RETURNING "userId", "everyone"
    )
    SELECT room."channelKey", room."blocked", room."parentOk", room."attachmentsOk", inserted.*,
           (SELECT json_agg(to_json(f) ORDER BY array_position(${attachmentIds}::text[], f."id")) FROM attached f) AS "attached",
           (SELECT json_agg(json_build_object('id', u."id", 'name', u."name") ORDER BY u."name")
              FROM mentioned x JOIN "User" u ON u."id" = x."userId" WHERE NOT x."everyone") AS "mentioned",
           (SELECT array_agg(x."userId") FROM mentioned x WHERE x."everyone") AS "everyoneIds",
           (SELECT t."replyCount" FROM thread t) AS "threadCount", (SELECT t."lastReplyAt" FROM thread t) AS "threadLast"
    FROM room LEFT JOIN inserted ON true`;
  if (!row) throw new AppError("forbidden", "Join this room to read and send messages.");
  if (row.blocked) throw new AppError("forbidden", "This person is not accepting messages from you.");
  if (!row.parentOk) throw new AppError("not_found", "That thread's message is gone (deleted, or not in this room).");
  if (row.id !== null) {
    const { channelKey, mentioned, everyoneIds, blocked: _blocked, parentOk: _parentOk, attachmentsOk: _attachmentsOk, attached, threadCount, threadLast, ...written } = row as WrittenRow & {
      channelKey: string;
      blocked: boolean;
      parentOk: boolean;
      attachmentsOk: boolean;
      attached: AttachmentRow[] | null;
      mentioned: Named[] | null;
      everyoneIds: string[] | null;
      threadCount: number | null;
      threadLast: Date | null;
    };
    const named = mentioned ?? [];
    return {
      message: toMessageDto({ ...written, author: { id: author.id, name: author.name }, mentions: named, attachments: attached }),
      created: true,
      channelKey,
      mentionedUserIds: [...named.map((m) => m.id), ...(everyoneIds ?? [])],
      thread: threadCount !== null && threadLast ? { replyCount: threadCount, lastReplyAt: threadLast.toISOString() } : null,
    };
  }
  const existing = await prisma.message.findUnique({ where: { authorId_clientId: { authorId, clientId } }, select: messageSelect });
  if (!existing && !row.attachmentsOk) throw new AppError("conflict", "A file is not ready to send: it is still uploading, was removed, or is already on another message.");
  if (!existing || existing.roomId !== roomId) throw new AppError("conflict", "That clientId was already used for another message.");
  return { message: toMessageDto(existing), created: false, channelKey: row.channelKey, mentionedUserIds: [], thread: null };
}

export async function getMessageInRoom({ roomId, messageId }: { roomId: string; messageId: string }) {
  const row = await prisma.message.findFirst({ where: { id: messageId, roomId }, select: messageSelect });
  if (!row) throw new AppError("not_found", "Message not found.");
  return row;
}

/** Updates one message and reads back its author and the room's channel key, in one statement. */
async function updateMessage(messageId: string, set: Prisma.Sql): Promise<{ message: MessageDto; channelKey: string }> {
  const [row] = await prisma.$queryRaw<(WrittenRow & { authorId: string; authorName: string; channelKey: string; mentions: Named[] | null; reactions: { emoji: string; user: Named }[] | null; attachments: AttachmentRow[] | null })[]>`
    UPDATE "Message" m SET ${set}
    FROM "Room" r, "User" u
    WHERE m."id" = ${messageId} AND r."id" = m."roomId" AND u."id" = m."authorId"
    RETURNING m."id", m."roomId", m."body", m."clientId", m."createdAt", m."editedAt", m."deletedAt", m."mentionsRoom", m."parentId", m."replyCount", m."lastReplyAt",
              u."id" AS "authorId", u."name" AS "authorName", r."channelKey",
              (SELECT json_agg(json_build_object('id', mu."id", 'name', mu."name") ORDER BY mu."name")
                 FROM "Mention" x JOIN "User" mu ON mu."id" = x."userId" WHERE x."messageId" = m."id" AND NOT x."everyone") AS "mentions",
              (SELECT json_agg(json_build_object('emoji', y."emoji", 'user', json_build_object('id', ru."id", 'name', ru."name")) ORDER BY y."createdAt", y."userId")
                 FROM "Reaction" y JOIN "User" ru ON ru."id" = y."userId" WHERE y."messageId" = m."id") AS "reactions",
              ${attachmentsJson(Prisma.sql`m."id"`)} AS "attachments"`;
  if (!row) throw new AppError("not_found", "Message not found.");
  const { authorId, authorName, channelKey, mentions, reactions, attachments, ...message } = row;
  return { message: toMessageDto({ ...message, author: { id: authorId, name: authorName }, mentions: mentions ?? [], reactions, attachments }), channelKey };
}

/**
 * Edits the text. Mentions the new text no longer contains are dropped (their badges and Mentions
 * entries go with them); an edit adds none, so editing never notifies anyone.
 */
export async function editMessage({ messageId, body }: { messageId: string; body: string }) {
  const everyone = everyoneMentionPattern.test(body);
  await prisma.$executeRaw`
    DELETE FROM "Mention" x USING "User" u
    WHERE x."messageId" = ${messageId} AND u."id" = x."userId"
      AND (CASE WHEN x."everyone" THEN NOT ${everyone} ELSE position(('@' || u."name") IN ${body}) = 0 END)`;
  return updateMessage(messageId, Prisma.sql`"body" = ${body}, "editedAt" = now(), "mentionsRoom" = "mentionsRoom" AND ${everyone}`);
}

/** Soft delete: the row stays (history stays stable), its text is wiped and its files deleted. */
export async function deleteMessage({ messageId }: { messageId: string }) {
  const deleted = await updateMessage(messageId, Prisma.sql`"body" = '', "deletedAt" = now()`);
  const files = await prisma.$queryRaw<{ storageKey: string; thumbnailKey: string | null }[]>`
    DELETE FROM "Attachment" WHERE "messageId" = ${messageId} RETURNING "storageKey", "thumbnailKey"`;
  await deleteStored(files);
  return deleted;
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
  channelKey,
  socketId,
  notifyIds,
}: {
  event: "message.created" | "message.updated" | "message.deleted";
  message: MessageDto;
  /** The generation read by the statement that wrote the message. */
  channelKey: string;
  socketId: string | null;
  /** For a reply: who follows its thread (their pages notify them as if mentioned). */
  notifyIds?: string[];
}): Promise<void> {
  const payload = notifyIds?.length ? { ...message, notifyIds } : message;
  const full = JSON.stringify(payload);
  const data = Buffer.byteLength(full) > maxEventBytes ? { id: message.id, roomId: message.roomId, parentId: message.parentId, fetch: true } : payload;
  try {
    await publish(() => pusher.trigger(roomMessagesChannel(message.roomId, channelKey, encryptionEnabled), event, data, {
      ...(socketId && socketIdPattern.test(socketId) && { socket_id: socketId }),
    }));
  } catch (error) {
    log.warn("broadcast failed", { event, message_id: message.id, room_id: message.roomId, error: describePublishError(error) });
  }
}

/** A room-level event (settings changed) on the room's channel; best effort, like messages. */
export async function broadcastRoomEvent(
  { roomId, channelKey }: { roomId: string; channelKey: string },
  event: "room.updated",
  data: { id: string; name: string; description: string; visibility: string },
): Promise<void> {
  try {
    await publish(() => pusher.trigger(roomMessagesChannel(roomId, channelKey, encryptionEnabled), event, data));
  } catch (error) {
    log.warn("broadcast failed", { event, room_id: roomId, error: describePublishError(error) });
  }
}
