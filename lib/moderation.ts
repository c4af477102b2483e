import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { closeUserConnections, notifyUser } from "@/lib/realtime/notify-user";
import { announceRotation, rotateChannelKey } from "@/lib/realtime/room-channels";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/authz/policy";
import type { RoomSettingsBody } from "@/lib/schemas/rooms";

/** The room's members with their roles and when each was last seen online, owners first, then by name. */
export async function listMembers({ roomId }: { roomId: string }) {
  const rows = await prisma.membership.findMany({
    where: { roomId },
    select: { role: true, joinedAt: true, user: { select: { id: true, name: true, lastSeenAt: true } } },
  });
  const rank: Record<Role, number> = { OWNER: 0, ADMIN: 1, MEMBER: 2 };
  return rows
    .map((m) => ({ id: m.user.id, name: m.user.name, role: m.role, joinedAt: m.joinedAt.toISOString(), lastSeenAt: m.user.lastSeenAt?.toISOString() ?? null }))
    .sort((a, b) => rank[a.role] - rank[b.role] || a.name.localeCompare(b.name));
}

export async function getMemberOrThrow({ roomId, userId }: { roomId: string; userId: string }) {
  const member = await prisma.membership.findUnique({
    where: { roomId_userId: { roomId, userId } },
    select: { role: true, user: { select: { id: true, name: true } } },
  });
  if (!member) throw new AppError("not_found", "That person is not a member of this room.");
  return member;
}

/**
 * Tells the user's open pages they lost the room (the sidebar drops it, an open room view says so),
 * then ends every signed-in realtime connection of theirs, so their clients reconnect without the
 * room. The notice goes first, on the same connection, so it arrives before the close. What stops
 * the room's events reaching them is the new channel generation (removeMembership), not this: a
 * client that does not play along need not sign in, reconnect or close anything.
 */
export async function cutLiveAccess({ userId, roomId, reason }: { userId: string; roomId: string; reason: "left" | "removed" | "banned" }): Promise<void> {
  await notifyUser(userId, "membership.removed", { roomId, reason });
  await closeUserConnections(userId);
}

/**
 * Deletes a membership and retires the room's channel generation in one transaction, together
 * with whatever `also` writes (a ban, the audit entry). Before this returns, the remaining members
 * have been told the new channel names and the person's connections have been cut; from the
 * commit on, nothing is published on the names they were signed for (lib/messages.ts reads the key
 * in the statement that writes each message).
 */
export async function removeMembership({
  roomId,
  userId,
  reason,
  also,
}: {
  roomId: string;
  userId: string;
  reason: "left" | "removed" | "banned";
  also?: (tx: Prisma.TransactionClient) => Promise<unknown>;
}): Promise<void> {
  const keys = await prisma.$transaction(async (tx) => {
    // The room row first (its lock orders concurrent removals), then the membership.
    const rotated = await rotateChannelKey(tx, roomId);
    await tx.membership.deleteMany({ where: { roomId, userId } });
    await also?.(tx);
    return rotated;
  });
  await Promise.all([announceRotation({ roomId, ...keys }), cutLiveAccess({ userId, roomId, reason })]);
}

/** Removes a member (and bans them when asked), with its audit entry, in one transaction. */
export async function removeMemberAsAdmin({
  roomId,
  actorId,
  target,
  ban,
}: {
  roomId: string;
  actorId: string;
  target: { id: string; name: string; role: Role };
  ban: boolean;
}) {
  await removeMembership({
    roomId,
    userId: target.id,
    reason: ban ? "banned" : "removed",
    also: async (tx) => {
      if (ban) {
        await tx.ban.upsert({
          where: { roomId_userId: { roomId, userId: target.id } },
          update: {},
          create: { roomId, userId: target.id, bannedById: actorId, formerRole: target.role },
        });
        // A ban also withdraws any invitation waiting for them.
        await tx.invitation.updateMany({ where: { roomId, inviteeId: target.id, revokedAt: null, declinedAt: null, uses: { lt: 1 } }, data: { revokedAt: new Date() } });
      }
      await tx.auditLog.create({
        data: { roomId, actorId, action: ban ? "MEMBER_BANNED" : "MEMBER_REMOVED", targetId: target.id, targetName: target.name },
      });
    },
  });
}

export async function getBanOrThrow({ roomId, userId }: { roomId: string; userId: string }) {
  const ban = await prisma.ban.findUnique({ where: { roomId_userId: { roomId, userId } }, select: { formerRole: true } });
  if (!ban) throw new AppError("not_found", "That person is not banned from this room.");
  return ban;
}

export async function unban({ roomId, actorId, userId }: { roomId: string; actorId: string; userId: string }) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { name: true } });
  const { count } = await prisma.ban.deleteMany({ where: { roomId, userId } });
  if (count === 0) throw new AppError("not_found", "That person is not banned from this room.");
  await prisma.auditLog.create({ data: { roomId, actorId, action: "MEMBER_UNBANNED", targetId: userId, targetName: user?.name ?? null } });
}

export async function setRole({ roomId, actorId, target, role }: { roomId: string; actorId: string; target: { id: string; name: string; role: Role }; role: "ADMIN" | "MEMBER" }) {
  if (target.role === role) return;
  await prisma.$transaction([
    prisma.membership.update({ where: { roomId_userId: { roomId, userId: target.id } }, data: { role } }),
    prisma.auditLog.create({ data: { roomId, actorId, action: "ROLE_CHANGED", targetId: target.id, targetName: target.name, details: { from: target.role, to: role } } }),
  ]);
}

/** The room's bans, newest first, for owners and admins. */
export async function listBans({ roomId }: { roomId: string }) {
  const rows = await prisma.ban.findMany({
    where: { roomId },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, user: { select: { id: true, name: true } }, bannedBy: { select: { name: true } } },
  });
  return rows.map((b) => ({ id: b.user.id, name: b.user.name, bannedBy: b.bannedBy?.name ?? null, bannedAt: b.createdAt.toISOString() }));
}

/**
 * Applies the changed settings with one audit entry listing what changed (nothing changed: no
 * entry, and `channelKey` null: nothing to announce).
 */
export async function updateRoomSettings({
  room,
  actorId,
  changes,
}: {
  room: { id: string; name: string; description: string; visibility: "PUBLIC" | "PRIVATE" };
  actorId: string;
  changes: RoomSettingsBody;
}) {
  const diff = Object.fromEntries(
    (Object.keys(changes) as (keyof RoomSettingsBody)[])
      .filter((key) => changes[key] !== undefined && changes[key] !== room[key])
      .map((key) => [key, { from: room[key], to: changes[key] }]),
  );
  if (Object.keys(diff).length === 0) return { room, channelKey: null };
  const [{ channelKey, ...updated }] = await prisma.$transaction([
    // The key comes back from the update itself: room.updated goes out on the generation current at this write.
    prisma.room.update({ where: { id: room.id }, data: changes, select: { id: true, slug: true, name: true, description: true, visibility: true, channelKey: true } }),
    prisma.auditLog.create({ data: { roomId: room.id, actorId, action: "SETTINGS_CHANGED", details: diff } }),
  ]);
  return { room: updated, channelKey };
}

/** The owner hands the room to another member and stays on as an admin. */
export async function transferOwnership({ roomId, actorId, target }: { roomId: string; actorId: string; target: { id: string; name: string } }) {
  await prisma.$transaction([
    prisma.membership.update({ where: { roomId_userId: { roomId, userId: target.id } }, data: { role: "OWNER" } }),
    prisma.membership.update({ where: { roomId_userId: { roomId, userId: actorId } }, data: { role: "ADMIN" } }),
    prisma.auditLog.create({ data: { roomId, actorId, action: "OWNERSHIP_TRANSFERRED", targetId: target.id, targetName: target.name } }),
  ]);
}

export interface AuditEntryDto {
  id: string;
  action: string;
  actor: { id: string; name: string } | null;
  target: { id: string; name: string | null } | null;
  details: unknown;
  createdAt: string;
}

/** One page of the audit log, newest first; `nextCursor` is the last entry's id when there are more. */
export async function listAuditLog({ roomId, before, limit }: { roomId: string; before?: string; limit: number }) {
  let where: object = { roomId };
  if (before) {
    const anchor = await prisma.auditLog.findFirst({ where: { id: before, roomId }, select: { id: true, createdAt: true } });
    if (!anchor) throw new AppError("unprocessable", "That page cursor is not valid for this room.");
    // The lte bound lets the index range start at the cursor (see listMessages).
    where = { roomId, createdAt: { lte: anchor.createdAt }, OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] };
  }
  const rows = await prisma.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, action: true, targetId: true, targetName: true, details: true, createdAt: true, actor: { select: { id: true, name: true } } },
  });
  const page = rows.slice(0, limit);
  const entries: AuditEntryDto[] = page.map((row) => ({
    id: row.id,
    action: row.action,
    actor: row.actor,
    target: row.targetId ? { id: row.targetId, name: row.targetName } : null,
    details: row.details,
    createdAt: row.createdAt.toISOString(),
  }));
  return { entries, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
