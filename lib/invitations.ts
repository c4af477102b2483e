import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type InvitationState = "valid" | "expired" | "revoked" | "used_up";

const tokenPattern = /^[A-Za-z0-9_-]{32}$/;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function invitationState(invitation: { expiresAt: Date; revokedAt: Date | null; maxUses: number | null; uses: number }, now = new Date()): InvitationState {
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  if (invitation.maxUses !== null && invitation.uses >= invitation.maxUses) return "used_up";
  return "valid";
}

/** A new link: 192 random bits, shown once; only its SHA-256 is stored. */
export async function createInvitationLink({
  roomId,
  actorId,
  expiresInHours,
  maxUses,
}: {
  roomId: string;
  actorId: string;
  expiresInHours: number;
  maxUses: number | null;
}) {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + expiresInHours * 3_600_000);
  const [invitation] = await prisma.$transaction([
    prisma.invitation.create({
      data: { roomId, tokenHash: hashToken(token), createdById: actorId, expiresAt, maxUses },
      select: { id: true, expiresAt: true, maxUses: true },
    }),
    prisma.auditLog.create({ data: { roomId, actorId, action: "INVITATION_CREATED", details: { expiresAt: expiresAt.toISOString(), maxUses } } }),
  ]);
  return { ...invitation, token };
}

export async function listInvitations({ roomId }: { roomId: string }) {
  const rows = await prisma.invitation.findMany({
    where: { roomId },
    orderBy: { createdAt: "desc" },
    select: { id: true, expiresAt: true, maxUses: true, uses: true, revokedAt: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  return rows.map((row) => ({ ...row, state: invitationState(row) }));
}

export async function revokeInvitation({ roomId, invitationId, actorId }: { roomId: string; invitationId: string; actorId: string }) {
  const { count } = await prisma.invitation.updateMany({ where: { id: invitationId, roomId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("not_found", "No such active invitation in this room.");
  await prisma.auditLog.create({ data: { roomId, actorId, action: "INVITATION_REVOKED", details: { invitationId } } });
}

/** The invitation behind a token, with its room and who made it; null for unknown or malformed tokens. */
export async function findInvitation({ token }: { token: string }) {
  if (!tokenPattern.test(token)) return null;
  return prisma.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      expiresAt: true,
      maxUses: true,
      uses: true,
      revokedAt: true,
      room: { select: { id: true, slug: true, name: true, description: true } },
      createdBy: { select: { name: true } },
    },
  });
}

/**
 * Joins the room through a link. Taking a use is one conditional UPDATE, so two people racing for
 * the last use cannot both get in. Accepting again as a member changes nothing.
 */
export async function acceptInvitation({ invitationId, roomId, userId }: { invitationId: string; roomId: string; userId: string }) {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.membership.findUnique({ where: { roomId_userId: { roomId, userId } }, select: { role: true } });
    if (existing) return { joined: false };
    const taken = await tx.$executeRaw`
      UPDATE "Invitation" SET "uses" = "uses" + 1
      WHERE "id" = ${invitationId} AND "revokedAt" IS NULL AND "expiresAt" > now()
        AND ("maxUses" IS NULL OR "uses" < "maxUses")`;
    if (taken === 0) throw new AppError("conflict", "This invitation can no longer be used.");
    const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true } });
    await tx.membership.create({ data: { roomId, userId, role: "MEMBER" } });
    await tx.auditLog.create({ data: { roomId, actorId: userId, action: "INVITATION_ACCEPTED", targetId: userId, targetName: user?.name ?? null, details: { invitationId } } });
    return { joined: true };
  });
}
