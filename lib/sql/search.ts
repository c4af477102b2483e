// The search statement, as SQL the app runs (lib/search.ts) and the benchmark explains
// (bench/search.ts). No server-only import, so the benchmark can build the very same statement.
import { Prisma } from "@/lib/generated/prisma/client";

import { markStart, markStop } from "@/lib/search-marks";

export interface SearchFilters {
  userId: string;
  /** websearch_to_tsquery syntax; empty when the query is only filters. */
  text: string;
  /** Room slug or name, or a conversation member's name (case-insensitive). */
  inRoom?: string;
  /** "me" is the caller; anything else is an author's name (case-insensitive). */
  from?: string;
  /** Messages strictly before this instant / at or after it. */
  before?: Date;
  after?: Date;
  cursor?: { createdAt: Date; id: string } | null;
  limit: number;
}

export interface SearchRow {
  id: string;
  roomId: string;
  authorId: string;
  authorName: string;
  body: string;
  clientId: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  mentionsRoom: boolean;
  mentions: { id: string; name: string }[];
  roomSlug: string;
  roomName: string;
  roomKind: "ROOM" | "DIRECT" | "GROUP";
  members: { id: string; name: string }[] | null;
  snippet: string;
}

/** One page (limit + 1 rows, to know whether there is more), newest first. */
export function searchSql(f: SearchFilters): Prisma.Sql {
  const q = Prisma.sql`websearch_to_tsquery('simple', ${f.text})`;
  const conditions: Prisma.Sql[] = [Prisma.sql`m."deletedAt" IS NULL`];
  if (f.text) conditions.push(Prisma.sql`m."search" @@ ${q}`);
  if (f.from === "me") conditions.push(Prisma.sql`m."authorId" = ${f.userId}`);
  else if (f.from) conditions.push(Prisma.sql`lower(u."name") = lower(${f.from})`);
  if (f.inRoom) {
    conditions.push(Prisma.sql`(r."slug" = ${f.inRoom} OR lower(r."name") = lower(${f.inRoom})
      OR (r."kind" <> 'ROOM' AND EXISTS (SELECT 1 FROM "Membership" o JOIN "User" ou ON ou."id" = o."userId"
        WHERE o."roomId" = r."id" AND o."userId" <> ${f.userId} AND lower(ou."name") = lower(${f.inRoom}))))`);
  }
  if (f.before) conditions.push(Prisma.sql`m."createdAt" < ${f.before}`);
  if (f.after) conditions.push(Prisma.sql`m."createdAt" >= ${f.after}`);
  if (f.cursor) conditions.push(Prisma.sql`(m."createdAt", m."id") < (${f.cursor.createdAt}, ${f.cursor.id})`);
  const body = Prisma.sql`translate(m."body", ${markStart + markStop}, '')`;
  const headline = f.text
    ? Prisma.sql`ts_headline('simple', ${body}, ${q}, ${`StartSel=${markStart}, StopSel=${markStop}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`})`
    : Prisma.sql`left(${body}, 200)`;
  // Membership is the first join: only rooms the caller is in are ever read.
  return Prisma.sql`
    SELECT m."id", m."roomId", m."authorId", u."name" AS "authorName", m."body", m."clientId", m."createdAt",
           m."editedAt", m."deletedAt", m."mentionsRoom",
           coalesce((SELECT json_agg(json_build_object('id', mu."id", 'name', mu."name")) FROM "Mention" mn
                     JOIN "User" mu ON mu."id" = mn."userId" WHERE mn."messageId" = m."id" AND NOT mn."everyone"), '[]'::json) AS "mentions",
           r."slug" AS "roomSlug", r."name" AS "roomName", r."kind"::text AS "roomKind",
           CASE WHEN r."kind" <> 'ROOM' THEN (SELECT json_agg(json_build_object('id', cu."id", 'name', cu."name")) FROM "Membership" c
                     JOIN "User" cu ON cu."id" = c."userId" WHERE c."roomId" = r."id") END AS "members",
           ${headline} AS "snippet"
    FROM "Membership" me
    JOIN "Message" m ON m."roomId" = me."roomId"
    JOIN "Room" r ON r."id" = m."roomId"
    JOIN "User" u ON u."id" = m."authorId"
    WHERE me."userId" = ${f.userId} AND ${Prisma.join(conditions, " AND ")}
    ORDER BY m."createdAt" DESC, m."id" DESC
    LIMIT ${f.limit + 1}`;
}
