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
  parentId: string | null;
  mentions: { id: string; name: string }[];
  roomSlug: string;
  roomName: string;
  roomKind: "ROOM" | "DIRECT" | "GROUP";
  members: { id: string; name: string }[] | null;
  snippet: string;
}

/**
 * The planner's estimate of how many messages, in every room, match the words: the text path is
 * chosen by it (searchSql's `plan`). Only planned, never run: a fraction of a millisecond.
 */
export function matchEstimateSql(text: string): Prisma.Sql {
  return Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM "Message" m WHERE m."search" @@ websearch_to_tsquery('simple', ${text})`;
}

/** Up to this many matches in all rooms, the GIN index path is the faster one (bench:search). */
const indexPathMaxMatches = 20_000;

/** The path for words PostgreSQL estimates match `estimate` messages in all rooms (see searchSql). */
export const textPlan = (estimate: number): "index" | "recent" => (estimate <= indexPathMaxMatches ? "index" : "recent");

/** The estimate out of matchEstimateSql's one row. */
export function estimateOf(row: { "QUERY PLAN": unknown } | undefined): number {
  // node-postgres parses the json column; Prisma's adapter hands it over as text.
  const plan = typeof row?.["QUERY PLAN"] === "string" ? JSON.parse(row["QUERY PLAN"]) : row?.["QUERY PLAN"];
  const rows = (plan as [{ Plan?: { "Plan Rows"?: unknown } }] | undefined)?.[0]?.Plan?.["Plan Rows"];
  return typeof rows === "number" ? rows : Infinity;
}

/**
 * One page (limit + 1 rows, to know whether there is more), newest first, of the caller's rooms
 * only: membership is the first table read, so a room they are not in is never touched.
 *
 * Two paths, the same rows. `plan: "index"` (words that match few messages anywhere): the GIN
 * index finds every match, those outside the caller's rooms are dropped, the rest sorted.
 * `plan: "recent"` (common words, or filters alone): each of the caller's rooms is walked newest
 * first on its (roomId, createdAt, id) index, stopping after a page (a LATERAL per room), and the
 * pages merged. Either path alone is slow on the other's words: matching a word that is in every
 * message and sorting them all took a second, and intersecting the GIN index with each room in
 * turn repeats the index scan per room.
 */
export function searchSql(f: SearchFilters & { plan: "index" | "recent" }): Prisma.Sql {
  const q = Prisma.sql`websearch_to_tsquery('simple', ${f.text})`;
  const conditions: Prisma.Sql[] = [Prisma.sql`m."roomId" = s."roomId"`, Prisma.sql`m."deletedAt" IS NULL`];
  if (f.text) conditions.push(Prisma.sql`m."search" @@ ${q}`);
  if (f.from === "me") conditions.push(Prisma.sql`m."authorId" = ${f.userId}`);
  else if (f.from) conditions.push(Prisma.sql`m."authorId" IN (SELECT a."id" FROM "User" a WHERE lower(a."name") = lower(${f.from}))`);
  if (f.before) conditions.push(Prisma.sql`m."createdAt" < ${f.before}`);
  if (f.after) conditions.push(Prisma.sql`m."createdAt" >= ${f.after}`);
  if (f.cursor) conditions.push(Prisma.sql`(m."createdAt", m."id") < (${f.cursor.createdAt}, ${f.cursor.id})`);
  const scope = f.inRoom
    ? Prisma.sql`AND (r."slug" = ${f.inRoom} OR lower(r."name") = lower(${f.inRoom})
        OR (r."kind" <> 'ROOM' AND EXISTS (SELECT 1 FROM "Membership" o JOIN "User" ou ON ou."id" = o."userId"
          WHERE o."roomId" = r."id" AND o."userId" <> ${f.userId} AND lower(ou."name") = lower(${f.inRoom}))))`
    : Prisma.empty;
  const body = Prisma.sql`translate(m."body", ${markStart + markStop}, '')`;
  const headline = f.text
    ? Prisma.sql`ts_headline('simple', ${body}, ${q}, ${`StartSel=${markStart}, StopSel=${markStop}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`})`
    : Prisma.sql`left(${body}, 200)`;
  // The snippet, the mentions and a conversation's members are worked out for the page only.
  return Prisma.sql`
    WITH scope AS (
      SELECT me."roomId", r."slug", r."name", r."kind" FROM "Membership" me JOIN "Room" r ON r."id" = me."roomId"
      WHERE me."userId" = ${f.userId} ${scope}
    ), page AS (
      SELECT m."id", m."roomId", m."authorId", m."body", m."clientId", m."createdAt", m."editedAt", m."deletedAt",
             m."mentionsRoom", m."parentId", s."slug", s."name", s."kind"
      FROM scope s
      ${
        f.plan === "index" && f.text
          ? Prisma.sql`JOIN "Message" m ON ${Prisma.join(conditions, " AND ")}`
          : Prisma.sql`CROSS JOIN LATERAL (
        SELECT * FROM "Message" m WHERE ${Prisma.join(conditions, " AND ")}
        ORDER BY m."createdAt" DESC, m."id" DESC LIMIT ${f.limit + 1}
      ) m`
      }
      ORDER BY m."createdAt" DESC, m."id" DESC
      LIMIT ${f.limit + 1}
    )
    SELECT m."id", m."roomId", m."authorId", u."name" AS "authorName", m."body", m."clientId", m."createdAt",
           m."editedAt", m."deletedAt", m."mentionsRoom", m."parentId",
           coalesce((SELECT json_agg(json_build_object('id', mu."id", 'name', mu."name")) FROM "Mention" mn
                     JOIN "User" mu ON mu."id" = mn."userId" WHERE mn."messageId" = m."id" AND NOT mn."everyone"), '[]'::json) AS "mentions",
           m."slug" AS "roomSlug", m."name" AS "roomName", m."kind"::text AS "roomKind",
           CASE WHEN m."kind" <> 'ROOM' THEN (SELECT json_agg(json_build_object('id', cu."id", 'name', cu."name")) FROM "Membership" c
                     JOIN "User" cu ON cu."id" = c."userId" WHERE c."roomId" = m."roomId") END AS "members",
           ${headline} AS "snippet"
    FROM page m
    JOIN "User" u ON u."id" = m."authorId"
    ORDER BY m."createdAt" DESC, m."id" DESC`;
}
