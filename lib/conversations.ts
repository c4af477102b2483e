import "server-only";
import { randomBytes } from "node:crypto";
import { decidePerson, maxConversationPeople, type PersonRelation } from "@/lib/authz/policy";
import { loadPersonRelations } from "@/lib/people";
import { enforce } from "@/lib/authz/door";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { channelsOf } from "@/lib/realtime/room-channels";
import { consumeOrThrow, limiters } from "@/lib/rate-limit";
import { notifyUser } from "@/lib/realtime/notify-user";

// Direct conversations are rooms of kind DIRECT (two people) or GROUP (three to nine): the same
// memberships, channels, channel keys and policy as rooms, so a conversation is no side door.
// They have no name of their own: each member sees the others' names.

export interface ConversationPerson {
  id: string;
  name: string;
}

/** Names of people the caller may reach (checked before), for what the others' pages are told. */
async function namesOf(userIds: string[]): Promise<Map<string, string>> {
  const rows = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

const unknownPerson: PersonRelation = { exists: false, sharesRoom: false, blockedCaller: false };

/**
 * The conversation between the caller and `userIds`: the existing one with exactly these people,
 * or a new one. Everyone must be someone the caller shares a room with and who has not blocked
 * them (decidePerson). Two people opening the same conversation at once get the same one: the
 * find-or-create runs under a transaction-scoped advisory lock on the set of people.
 */
export async function openConversation({ caller, userIds }: { caller: ConversationPerson; userIds: string[] }) {
  const others = [...new Set(userIds)];
  if (others.length === 0) throw new AppError("unprocessable", "Pick at least one person.");
  if (others.length + 1 > maxConversationPeople) throw new AppError("unprocessable", `A conversation has at most ${maxConversationPeople} people, you included.`);
  const [relations, blockAmongOthers] = await Promise.all([loadPersonRelations({ callerId: caller.id, targetIds: others }), anyBlockBetween(others)]);
  for (const id of others) {
    enforce(decidePerson({ caller: { userId: caller.id }, target: { id, ...(relations.get(id) ?? unknownPerson) }, action: { type: "conversation.start", blockAmongOthers } }));
  }

  const people = [caller.id, ...others].sort();
  const kind = people.length === 2 ? "DIRECT" : "GROUP";
  // Each new conversation lands in other people's sidebars: limited, outside the transaction (the
  // limiter has its own connection, and the embedded database has one). Opening an existing
  // conversation gives the point back.
  await consumeOrThrow([[limiters.conversationsByUser, caller.id]], "You are starting conversations too fast. Try again in {seconds} seconds.");
  const result = await prisma.$transaction(async (tx): Promise<{ id: string; slug: string; created: boolean; channelKey?: string }> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`conversation:${people.join(",")}`}, 0))`;
    const [existing] = await tx.$queryRaw<{ id: string; slug: string }[]>`
      SELECT r."id", r."slug" FROM "Room" r JOIN "Membership" m ON m."roomId" = r."id"
      WHERE r."kind" = ${kind}::"RoomKind" AND r."id" IN (SELECT "roomId" FROM "Membership" WHERE "userId" = ${caller.id})
      GROUP BY r."id" HAVING count(*) = ${people.length} AND bool_and(m."userId" = ANY(${people}::text[]))
      ORDER BY min(r."createdAt") LIMIT 1`;
    if (existing) return { ...existing, created: false };
    const room = await tx.room.create({
      data: {
        kind,
        name: "",
        slug: `dm-${randomBytes(8).toString("hex")}`,
        visibility: "PRIVATE",
        createdById: caller.id,
        memberships: { createMany: { data: people.map((userId) => ({ userId, role: "MEMBER" as const })) } },
      },
      select: { id: true, slug: true, channelKey: true },
    });
    return { id: room.id, slug: room.slug, channelKey: room.channelKey, created: true };
  });
  if (!result.created) await limiters.conversationsByUser.reward(caller.id, 1).catch(() => undefined);
  if (result.created && result.channelKey) {
    const names = await namesOf(others);
    const members = [caller, ...others.map((id) => ({ id, name: names.get(id) ?? "" }))];
    await announceConversation({ id: result.id, slug: result.slug, kind, channelKey: result.channelKey, members, to: others });
  }
  return { conversation: { id: result.id, slug: result.slug }, created: result.created };
}

/** Whether any two of `userIds` have a block between them (either way). */
async function anyBlockBetween(userIds: string[], db: Pick<typeof prisma, "$queryRaw"> = prisma): Promise<boolean> {
  if (userIds.length < 2) return false;
  const [row] = await db.$queryRaw<{ blocked: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "Block" WHERE "blockerId" = ANY(${userIds}::text[]) AND "blockedId" = ANY(${userIds}::text[])) AS "blocked"`;
  return row?.blocked === true;
}

export interface AdditionFacts {
  target: PersonRelation;
  memberCount: number;
  blockWithMember: boolean;
}

/**
 * Adds `userId` to the group conversation `roomId` once `check` (the policy, through the door)
 * allows it on facts read under the room's lock: two people added at once cannot take a group
 * past nine. Tells the new member's pages about the conversation; false when already in it.
 */
export async function addToConversation({ roomId, callerId, userId, check }: { roomId: string; callerId: string; userId: string; check: (facts: AdditionFacts) => void }) {
  await consumeOrThrow([[limiters.conversationsByUser, callerId]], "You are adding people too fast. Try again in {seconds} seconds.");
  // How the caller stands with them does not depend on the room: read before taking its lock.
  // Inside, only the transaction's own connection is used (a second one per transaction would
  // starve the pool when many wait on the same lock).
  const target = (await loadPersonRelations({ callerId, targetIds: [userId] })).get(userId) ?? unknownPerson;
  const added = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Room" WHERE "id" = ${roomId} FOR NO KEY UPDATE`;
    const members = (await tx.membership.findMany({ where: { roomId }, select: { userId: true } })).map((m) => m.userId);
    if (members.includes(userId)) return false;
    // The caller's own blocks are theirs to overrule; anyone else's are not.
    const blockWithMember = await anyBlockBetween([userId, ...members.filter((id) => id !== callerId)], tx);
    check({ target, memberCount: members.length, blockWithMember });
    await tx.membership.create({ data: { roomId, userId, role: "MEMBER" } });
    return true;
  });
  if (!added) return false;
  const room = await prisma.room.findUniqueOrThrow({
    where: { id: roomId },
    select: { id: true, slug: true, kind: true, channelKey: true, memberships: { select: { user: { select: { id: true, name: true } } } } },
  });
  await announceConversation({ id: room.id, slug: room.slug, kind: room.kind, channelKey: room.channelKey, members: room.memberships.map((m) => m.user), to: [userId] });
  return true;
}

async function announceConversation({
  id,
  slug,
  kind,
  channelKey,
  members,
  to,
}: {
  id: string;
  slug: string;
  kind: "ROOM" | "DIRECT" | "GROUP";
  channelKey: string;
  members: ConversationPerson[];
  to: string[];
}) {
  const channels = channelsOf({ id, channelKey });
  await Promise.all(
    to.map((userId) =>
      notifyUser(userId, "conversation.added", {
        id,
        slug,
        kind,
        name: conversationName(members, userId),
        members,
        description: "",
        visibility: "PRIVATE",
        role: "MEMBER",
        channels,
        unread: 0,
        mentions: 0,
        muted: false,
        lastActivityAt: new Date().toISOString(),
      }),
    ),
  );
}

/** What a conversation is called for `viewerId`: the other people's names ("Ada, Bob and Cy"). */
export function conversationName(members: ConversationPerson[], viewerId: string): string {
  const names = members.filter((m) => m.id !== viewerId).map((m) => m.name).sort((a, b) => a.localeCompare(b));
  if (names.length === 0) return "Just you";
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * People the caller shares a room or conversation with whose name contains `query` (the "New
 * message" picker), at most 20, those who blocked the caller left out. Starts from the caller's
 * own memberships, so it reads their co-members, never the whole user table.
 */
export async function searchPeople({ callerId, query, take = 20 }: { callerId: string; query: string; take?: number }) {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return prisma.$queryRaw<ConversationPerson[]>`
    SELECT DISTINCT u."id", u."name" FROM "Membership" mine
    JOIN "Membership" theirs ON theirs."roomId" = mine."roomId" AND theirs."userId" <> ${callerId}
    JOIN "User" u ON u."id" = theirs."userId"
    WHERE mine."userId" = ${callerId}
      AND NOT EXISTS (SELECT 1 FROM "Block" k WHERE k."blockerId" = u."id" AND k."blockedId" = ${callerId})
      AND (${query} = '' OR u."name" ILIKE ${pattern})
    ORDER BY u."name", u."id" LIMIT ${take}`;
}
