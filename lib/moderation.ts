import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { pusher } from "@/lib/realtime/pusher";
import type { Role } from "@/lib/authz/policy";

/** The room's members with their roles, owners first, then by name. */
export async function listMembers({ roomId }: { roomId: string }) {
  const rows = await prisma.membership.findMany({
    where: { roomId },
    select: { role: true, joinedAt: true, user: { select: { id: true, name: true } } },
  });
  const rank: Record<Role, number> = { OWNER: 0, ADMIN: 1, MEMBER: 2 };
  return rows
    .map((m) => ({ id: m.user.id, name: m.user.name, role: m.role, joinedAt: m.joinedAt.toISOString() }))
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
 * Ends every realtime connection of a user, so their clients reconnect and re-authorize only the
 * channels they may still have: hosted Pusher cannot unsubscribe one client from one channel.
 */
export async function cutLiveAccess({ userId }: { userId: string }): Promise<void> {
  await pusher.terminateUserConnections(userId).catch((error: unknown) => {
    log.warn("terminate connections failed", { user_id: userId, error: String(error) });
  });
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
  target: { id: string; name: string };
  ban: boolean;
}) {
  await prisma.$transaction([
    prisma.membership.deleteMany({ where: { roomId, userId: target.id } }),
    ...(ban ? [prisma.ban.upsert({ where: { roomId_userId: { roomId, userId: target.id } }, update: {}, create: { roomId, userId: target.id, bannedById: actorId } })] : []),
    prisma.auditLog.create({
      data: { roomId, actorId, action: ban ? "MEMBER_BANNED" : "MEMBER_REMOVED", targetId: target.id, targetName: target.name },
    }),
  ]);
  await cutLiveAccess({ userId: target.id });
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
