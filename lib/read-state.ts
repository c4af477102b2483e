import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { mentionsSql, sidebarQuery, unreadSql } from "@/lib/sql/sidebar";
import { notifyUser } from "@/lib/realtime/notify-user";
import { channelsOf } from "@/lib/realtime/room-channels";
import { conversationName } from "@/lib/conversations";
import type { RoomKindName, SidebarRoomDto } from "@/lib/sidebar-types";

// Read state lives in Membership (lastReadAt, lastReadId: a position in the history's order), so
// it survives reloads and is the same on every device. Unread is what others wrote after it (or
// after joining, before the first read); unread mentions are Mention rows after it.

interface SidebarRow {
  id: string;
  slug: string;
  name: string;
  kind: RoomKindName;
  description: string;
  visibility: "PUBLIC" | "PRIVATE";
  role: "OWNER" | "ADMIN" | "MEMBER";
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
  const rows = await prisma.$queryRaw<SidebarRow[]>(sidebarQuery(userId));
  return rows.map((row) => {
    const members = row.members ?? [];
    return {
      id: row.id,
      slug: row.slug,
      kind: row.kind,
      name: row.kind === "ROOM" ? row.name : conversationName(members, userId),
      description: row.description,
      visibility: row.visibility,
      role: row.role,
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
        AND (t."createdAt", t."id") > (coalesce(m."lastReadAt", m."joinedAt"), coalesce(m."lastReadId", ''))
      RETURNING m."roomId", m."lastReadAt", m."lastReadId", m."joinedAt"
    ), current AS (
      SELECT m."roomId", coalesce(mv."lastReadAt", m."lastReadAt", m."joinedAt") AS "lastReadAt", coalesce(mv."lastReadId", m."lastReadId", '') AS "lastReadId", m."joinedAt"
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
