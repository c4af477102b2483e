// The sidebar's statement, as SQL the app runs (lib/read-state.ts) and the benchmark explains
// (bench/unread.ts). No server-only import, so the benchmark can build the very same statement.
import { Prisma } from "@/lib/generated/prisma/client";
import { unreadCap } from "@/lib/sidebar-types";

// Read state lives in Membership (lastReadAt, lastReadId: a position in the history's order).
// Unread is what others wrote after it (or after joining, before the first read); each count is a
// range scan of the (roomId, createdAt, id) index from that position, stopped at the cap. The
// ORDER BY is what makes it stop: without it PostgreSQL chose a bitmap scan, which reads the whole
// range before the LIMIT applies (every message since joining, in a room never read).

/** The unread messages of member `userId` in room `r` (fragments over the aliases r and m). */
export const unreadSql = (userId: string) => Prisma.sql`
  (SELECT count(*) FROM (
     SELECT 1 FROM "Message" x
     WHERE x."roomId" = r."id" AND (x."createdAt", x."id") > (coalesce(m."lastReadAt", m."joinedAt"), coalesce(m."lastReadId", ''))
       AND x."authorId" <> ${userId} AND x."deletedAt" IS NULL AND x."parentId" IS NULL
     ORDER BY x."createdAt", x."id"
     LIMIT ${unreadCap}) c)::int`;

/** The unread mentions of `userId` in room `r`: a range of the (userId, roomId, createdAt) index. */
export const mentionsSql = (userId: string) => Prisma.sql`
  (SELECT count(*) FROM (
     SELECT 1 FROM "Mention" y
     WHERE y."userId" = ${userId} AND y."roomId" = r."id" AND (y."createdAt", y."messageId") > (coalesce(m."lastReadAt", m."joinedAt"), coalesce(m."lastReadId", ''))
     ORDER BY y."createdAt"
     LIMIT ${unreadCap}) c)::int`;

/** Every room and conversation of `userId` with its counts, newest activity and (conversations only) members: one statement. */
export const sidebarQuery = (userId: string) => Prisma.sql`
  SELECT r."id", r."slug", r."name", r."description", r."visibility"::text AS "visibility", r."kind"::text AS "kind", r."channelKey",
         m."role"::text AS "role", m."muted",
         ${unreadSql(userId)} AS "unread", ${mentionsSql(userId)} AS "mentions",
         coalesce((SELECT x."createdAt" FROM "Message" x WHERE x."roomId" = r."id" ORDER BY x."createdAt" DESC, x."id" DESC LIMIT 1), m."joinedAt") AS "lastActivityAt",
         CASE WHEN r."kind" <> 'ROOM' THEN (
           SELECT json_agg(json_build_object('id', u."id", 'name', u."name") ORDER BY u."name")
           FROM "Membership" mm JOIN "User" u ON u."id" = mm."userId" WHERE mm."roomId" = r."id") END AS "members"
  FROM "Membership" m JOIN "Room" r ON r."id" = m."roomId"
  WHERE m."userId" = ${userId}
  ORDER BY m."joinedAt" DESC`;
