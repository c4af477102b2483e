import "server-only";
import type { PersonRelation } from "@/lib/authz/policy";
import { prisma } from "@/lib/db";

// Another person as the caller may see them: the relation the policy decides on (decidePerson)
// and what their card shows. Hand-written SQL, one statement, like the door's room context.

export interface SharedRoom {
  id: string;
  slug: string;
  name: string;
}

export interface PersonRecord extends PersonRelation {
  /** The caller blocked them. */
  blockedByCaller: boolean;
  /** Null when they do not exist. */
  name: string | null;
  lastSeenAt: Date | null;
  /** Named rooms (kind ROOM) both are members of, by name; conversations are not listed. */
  sharedRooms: SharedRoom[];
}

/**
 * How the caller stands with one person, and their card, in one statement. The caller shares a
 * room with themselves (their own card opens) as long as they exist.
 */
export async function loadPersonRelation({ callerId, targetId }: { callerId: string; targetId: string }): Promise<PersonRecord> {
  const rows = await prisma.$queryRaw<{ exists: boolean; name: string | null; lastSeenAt: Date | null; sharesRoom: boolean; blockedCaller: boolean; blockedByCaller: boolean; sharedRooms: SharedRoom[] | string }[]>`
    SELECT (u."id" IS NOT NULL) AS "exists", u."name", u."lastSeenAt",
           (u."id" IS NOT NULL AND (u."id" = ${callerId} OR EXISTS (
             SELECT 1 FROM "Membership" mine JOIN "Membership" theirs ON theirs."roomId" = mine."roomId" AND theirs."userId" = u."id"
             WHERE mine."userId" = ${callerId}))) AS "sharesRoom",
           EXISTS (SELECT 1 FROM "Block" b WHERE b."blockerId" = u."id" AND b."blockedId" = ${callerId}) AS "blockedCaller",
           EXISTS (SELECT 1 FROM "Block" b WHERE b."blockerId" = ${callerId} AND b."blockedId" = u."id") AS "blockedByCaller",
           COALESCE((SELECT json_agg(json_build_object('id', r."id", 'slug', r."slug", 'name', r."name") ORDER BY lower(r."name"), r."id")
                     FROM "Membership" mine
                     JOIN "Membership" theirs ON theirs."roomId" = mine."roomId" AND theirs."userId" = u."id"
                     JOIN "Room" r ON r."id" = mine."roomId" AND r."kind" = 'ROOM'
                     WHERE mine."userId" = ${callerId}), '[]'::json) AS "sharedRooms"
    FROM (SELECT 1) AS one
    LEFT JOIN "User" u ON u."id" = ${targetId}`;
  const row = rows[0]!;
  const sharedRooms = typeof row.sharedRooms === "string" ? (JSON.parse(row.sharedRooms) as SharedRoom[]) : row.sharedRooms;
  return {
    exists: row.exists,
    sharesRoom: row.sharesRoom,
    blockedCaller: row.blockedCaller,
    blockedByCaller: row.blockedByCaller,
    name: row.name,
    lastSeenAt: row.lastSeenAt,
    sharedRooms,
  };
}

/**
 * How the caller stands with each of several people (starting a conversation with them: the
 * policy's `conversation.start` / `conversation.add` take these), in one statement. Every id asked
 * about is in the map; one that names nobody has `exists: false`.
 */
export async function loadPersonRelations({ callerId, targetIds }: { callerId: string; targetIds: string[] }): Promise<Map<string, PersonRelation & { blockedByCaller: boolean }>> {
  const ids = [...new Set(targetIds)];
  const result = new Map<string, PersonRelation & { blockedByCaller: boolean }>();
  if (ids.length === 0) return result;
  const rows = await prisma.$queryRaw<{ id: string; exists: boolean; sharesRoom: boolean; blockedCaller: boolean; blockedByCaller: boolean }[]>`
    SELECT t."id", (u."id" IS NOT NULL) AS "exists",
           (u."id" IS NOT NULL AND (u."id" = ${callerId} OR EXISTS (
             SELECT 1 FROM "Membership" mine JOIN "Membership" theirs ON theirs."roomId" = mine."roomId" AND theirs."userId" = u."id"
             WHERE mine."userId" = ${callerId}))) AS "sharesRoom",
           EXISTS (SELECT 1 FROM "Block" b WHERE b."blockerId" = u."id" AND b."blockedId" = ${callerId}) AS "blockedCaller",
           EXISTS (SELECT 1 FROM "Block" b WHERE b."blockerId" = ${callerId} AND b."blockedId" = u."id") AS "blockedByCaller"
    FROM unnest(${ids}::text[]) AS t("id")
    LEFT JOIN "User" u ON u."id" = t."id"`;
  for (const { id, ...relation } of rows) result.set(id, relation);
  return result;
}

/** Blocks `blockedId` for `blockerId`; blocking twice is the same as once. */
export async function blockPerson({ blockerId, blockedId }: { blockerId: string; blockedId: string }): Promise<void> {
  // ON CONFLICT DO NOTHING: two tabs blocking at once must both succeed (an upsert can race to P2002).
  await prisma.block.createMany({ data: [{ blockerId, blockedId }], skipDuplicates: true });
}

/** Lifts the block, if there is one. */
export async function unblockPerson({ blockerId, blockedId }: { blockerId: string; blockedId: string }): Promise<void> {
  await prisma.block.deleteMany({ where: { blockerId, blockedId } });
}
