import "server-only";
import { prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { conversationName } from "@/lib/conversations";
import { decodeCursor, encodeCursor, previewMessage } from "@/lib/messages";
import type { MentionDto } from "@/lib/mentions-types";
import type { RoomKindName } from "@/lib/sidebar-types";

export type { MentionDto };

interface MentionRow {
  messageId: string;
  roomId: string;
  body: string;
  clientId: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  mentionsRoom: boolean;
  parentId: string | null;
  everyone: boolean;
  unread: boolean;
  authorId: string;
  authorName: string;
  slug: string;
  roomName: string;
  kind: RoomKindName;
  named: { id: string; name: string }[] | null;
  members: { id: string; name: string }[] | null;
}

/**
 * The person's mentions, newest first, only in rooms and conversations they are a member of now:
 * being named once does not keep a window into a room they left or were removed from.
 */
export async function listMentions({ userId, before, limit }: { userId: string; before?: string; limit: number }) {
  // The history API's cursor (lib/messages.ts), over the mention's time and message id.
  const cursor = before ? decodeCursor(before) : null;
  const range = cursor ? Prisma.sql`AND (y."createdAt", y."messageId") < (${cursor.createdAt}, ${cursor.id})` : Prisma.empty;
  const rows = await prisma.$queryRaw<MentionRow[]>`
    SELECT y."messageId", y."roomId", x."body", x."clientId", x."createdAt", x."editedAt", x."deletedAt", x."mentionsRoom", x."parentId", y."everyone",
           (y."createdAt", y."messageId") > (coalesce(m."lastReadAt", m."joinedAt"), coalesce(m."lastReadId", '')) AS "unread",
           a."id" AS "authorId", a."name" AS "authorName", r."slug", r."name" AS "roomName", r."kind"::text AS "kind",
           (SELECT json_agg(json_build_object('id', u."id", 'name', u."name") ORDER BY u."name")
              FROM "Mention" z JOIN "User" u ON u."id" = z."userId" WHERE z."messageId" = y."messageId" AND NOT z."everyone") AS "named",
           CASE WHEN r."kind" <> 'ROOM' THEN (SELECT json_agg(json_build_object('id', u."id", 'name', u."name"))
              FROM "Membership" mm JOIN "User" u ON u."id" = mm."userId" WHERE mm."roomId" = r."id") END AS "members"
    FROM "Mention" y
    JOIN "Membership" m ON m."roomId" = y."roomId" AND m."userId" = ${userId}
    JOIN "Message" x ON x."id" = y."messageId"
    JOIN "User" a ON a."id" = x."authorId"
    JOIN "Room" r ON r."id" = y."roomId"
    WHERE y."userId" = ${userId} AND x."deletedAt" IS NULL ${range}
    ORDER BY y."createdAt" DESC, y."messageId" DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const mentions: MentionDto[] = page.map((row) => ({
    message: previewMessage({ ...row, id: row.messageId, author: { id: row.authorId, name: row.authorName }, mentions: row.named ?? [] }),
    room: { id: row.roomId, slug: row.slug, kind: row.kind, name: row.kind === "ROOM" ? row.roomName : conversationName(row.members ?? [], userId) },
    everyone: row.everyone,
    unread: row.unread,
  }));
  return { mentions, nextCursor: rows.length > limit ? encodeCursor({ createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.messageId }) : null };
}
