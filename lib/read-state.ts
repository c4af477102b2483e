import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { notifyUser } from "@/lib/realtime/notify-user";
import { channelsOf } from "@/lib/realtime/room-channels";
import { conversationName } from "@/lib/conversations";
import { unreadCap, type RoomKindName, type SidebarRoomDto } from "@/lib/sidebar-types";

// Read state lives in Membership (lastReadAt, lastReadId: a position in the history's order), so
// it survives reloads and is the same on every device. Unread is what others wrote after it (or
// after joining, before the first read); unread mentions are Mention rows after it.

/** The unread messages of member `userId` in room `r` (SQL fragments over aliases r and m). */
const unreadSql = (userId: string) => Prisma.sql`
  (SELECT count(*) FROM (
     SELECT 1 FROM "Message" x
     WHERE x."roomId" = r."id" AND (x."createdAt", x."id") > (coalesce(m."lastReadAt", m."joinedAt"), coalesce(m."lastReadId", ''))
       AND x."authorId" <> ${userId} AND x."deletedAt" IS NULL
     LIMIT ${unreadCap}) c)::int`;
const mentionsSql = (userId: string) => Prisma.sql`
  (SELECT count(*) FROM (
     SELECT 1 FROM "Mention" y
     WHERE y."userId" = ${userId} AND y."roomId" = r."id" AND (y."createdAt", y."messageId") > (coalesce(m."lastReadAt", m."joinedAt"), coalesce(m."lastReadId", ''))
     LIMIT ${unreadCap}) c)::int`;

interface SidebarRow {
  id: string;
  slug: string;
  name: string;
  kind: RoomKindName;
  channelKey: string;
  muted: boolean;
  unread: number;
  mentions: number;
  lastActivityAt: Date;
  members: { id: string; name: string }[] | null;
}

/**
 * Every room and conversation of the user with its unread and mention counts: one statement,
 * each count an index range scan from the read position, capped (docs/benchmarks.md has the plan).
 */
export async function listSidebarRooms({ userId }: { userId: string }): Promise<SidebarRoomDto[]> {
  const rows = await prisma.$queryRaw<SidebarRow[]>`
    SELECT r."id", r."slug", r."name", r."kind"::text AS "kind", r."channelKey", m."muted",
           ${unreadSql(userId)} AS "unread", ${mentionsSql(userId)} AS "mentions",
           coalesce((SELECT x."createdAt" FROM "Message" x WHERE x."roomId" = r."id" ORDER BY x."createdAt" DESC, x."id" DESC LIMIT 1), m."joinedAt") AS "lastActivityAt",
           CASE WHEN r."kind" <> 'ROOM' THEN (
             SELECT json_agg(json_build_object('id', u."id", 'name', u."name") ORDER BY u."name")
             FROM "Membership" mm JOIN "User" u ON u."id" = mm."userId" WHERE mm."roomId" = r."id") END AS "members"
    FROM "Membership" m JOIN "Room" r ON r."id" = m."roomId"
    WHERE m."userId" = ${userId}
    ORDER BY m."joinedAt" DESC`;
  return rows.map((row) => {
    const members = row.members ?? [];
    return {
      id: row.id,
      slug: row.slug,
      kind: row.kind,
      name: row.kind === "ROOM" ? row.name : conversationName(members, userId),
      members,
      channels: channelsOf({ id: row.id, channelKey: row.channelKey }),
      unread: row.unread,
      mentions: row.mentions,
      muted: row.muted,
      lastActivityAt: row.lastActivityAt.toISOString(),
    };
  });
}

export interface ReadPosition {
  lastReadId: string | null;
  lastReadAt: string | null;
}

/** The member's read position when a room opens (the "New" divider goes after it). */
export async function readPosition({ roomId, userId }: { roomId: string; userId: string }): Promise<ReadPosition> {
  const m = await prisma.membership.findUnique({ where: { roomId_userId: { roomId, userId } }, select: { lastReadAt: true, lastReadId: true, joinedAt: true } });
  if (!m) return { lastReadId: null, lastReadAt: null };
  return { lastReadId: m.lastReadId ?? "", lastReadAt: (m.lastReadAt ?? m.joinedAt).toISOString() };
}

/**
 * Moves the member's read position forward to `messageId` (never back: a stale tab reporting an
 * older message changes nothing), and tells their other tabs and devices what is still unread.
 */
export async function markRead({ roomId, userId, messageId }: { roomId: string; userId: string; messageId: string }) {
  const [row] = await prisma.$queryRaw<{ moved: boolean; lastReadId: string; lastReadAt: Date; unread: number; mentions: number }[]>`
    WITH target AS (
      SELECT "id", "createdAt" FROM "Message" WHERE "id" = ${messageId} AND "roomId" = ${roomId}
    ), moved AS (
      UPDATE "Membership" m SET "lastReadAt" = t."createdAt", "lastReadId" = t."id"
      FROM target t
      WHERE m."roomId" = ${roomId} AND m."userId" = ${userId}
        AND (t."createdAt", t."id") > (coalesce(m."lastReadAt", '-infinity'::timestamptz), coalesce(m."lastReadId", ''))
      RETURNING m."roomId", m."lastReadAt", m."lastReadId", m."joinedAt"
    ), current AS (
      SELECT m."roomId", coalesce(mv."lastReadAt", m."lastReadAt") AS "lastReadAt", coalesce(mv."lastReadId", m."lastReadId") AS "lastReadId", m."joinedAt"
      FROM "Membership" m LEFT JOIN moved mv ON true
      WHERE m."roomId" = ${roomId} AND m."userId" = ${userId}
    )
    SELECT EXISTS (SELECT 1 FROM moved) AS "moved", (SELECT count(*) FROM target)::int AS "found",
           m."lastReadId", m."lastReadAt",
           ${unreadSql(userId)} AS "unread", ${mentionsSql(userId)} AS "mentions"
    FROM current m JOIN "Room" r ON r."id" = m."roomId"`;
  if (!row) throw new AppError("forbidden", "Join this room to read and send messages.");
  if ((row as unknown as { found: number }).found === 0) throw new AppError("unprocessable", "That message is not in this room.");
  const state = { roomId, lastReadId: row.lastReadId, lastReadAt: row.lastReadAt.toISOString(), unread: row.unread, mentions: row.mentions };
  if (row.moved) await notifyUser(userId, "read.updated", state);
  return state;
}
