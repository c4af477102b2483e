import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { invitationMail, mailer } from "@/lib/mailer";
import { notifyUser } from "@/lib/realtime/notify-user";
import type { PendingInvitationDto } from "@/lib/realtime/user-events";

export type InvitationState = "valid" | "expired" | "revoked" | "declined" | "used_up";

/** Email invitations (to users and to addresses) last a week and work once. */
export const emailInvitationHours = 7 * 24;

const tokenPattern = /^[A-Za-z0-9_-]{32}$/;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function invitationState(
  invitation: { expiresAt: Date; revokedAt: Date | null; declinedAt?: Date | null; maxUses: number | null; uses: number },
  now = new Date(),
): InvitationState {
  if (invitation.revokedAt) return "revoked";
  if (invitation.declinedAt) return "declined";
  if (invitation.expiresAt <= now) return "expired";
  if (invitation.maxUses !== null && invitation.uses >= invitation.maxUses) return "used_up";
  return "valid";
}

const newToken = () => randomBytes(24).toString("base64url");

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
  const token = newToken();
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
    select: {
      id: true,
      email: true,
      expiresAt: true,
      maxUses: true,
      uses: true,
      revokedAt: true,
      declinedAt: true,
      createdAt: true,
      createdBy: { select: { name: true } },
    },
  });
  // Never who an address belongs to: that it has an account is the invitee's to tell.
  return rows.map((row) => ({ ...row, kind: row.email ? ("email" as const) : ("link" as const), state: invitationState(row) }));
}

export async function revokeInvitation({ roomId, invitationId, actorId }: { roomId: string; invitationId: string; actorId: string }) {
  const { count } = await prisma.invitation.updateMany({ where: { id: invitationId, roomId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("not_found", "No such active invitation in this room.");
  const invitation = await prisma.invitation.findUnique({ where: { id: invitationId }, select: { inviteeId: true, email: true } });
  await prisma.auditLog.create({
    data: { roomId, actorId, action: "INVITATION_REVOKED", details: { invitationId, ...(invitation?.email && { email: invitation.email }) } },
  });
  if (invitation?.inviteeId) await notifyUser(invitation.inviteeId, "invitation.withdrawn", { id: invitationId });
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
      declinedAt: true,
      room: { select: { id: true, slug: true, name: true, description: true } },
      createdBy: { select: { name: true } },
    },
  });
}

/**
 * Joins the room through an invitation. Taking a use is one conditional UPDATE, so two people
 * racing for the last use cannot both get in. Accepting again as a member changes nothing, except
 * that an invitation addressed to this user is then used up (it leaves their pending list).
 */
export async function acceptInvitation({ invitationId, roomId, userId }: { invitationId: string; roomId: string; userId: string }) {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.membership.findUnique({ where: { roomId_userId: { roomId, userId } }, select: { role: true } });
    if (existing) {
      await tx.invitation.updateMany({ where: { id: invitationId, inviteeId: userId, uses: { lt: 1 }, revokedAt: null, declinedAt: null }, data: { uses: 1 } });
      return { joined: false };
    }
    const taken = await tx.$executeRaw`
      UPDATE "Invitation" SET "uses" = "uses" + 1
      WHERE "id" = ${invitationId} AND "revokedAt" IS NULL AND "declinedAt" IS NULL AND "expiresAt" > now()
        AND ("maxUses" IS NULL OR "uses" < "maxUses")`;
    if (taken === 0) throw new AppError("conflict", "This invitation can no longer be used.");
    const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true } });
    await tx.membership.create({ data: { roomId, userId, role: "MEMBER" } });
    await tx.auditLog.create({ data: { roomId, actorId: userId, action: "INVITATION_ACCEPTED", targetId: userId, targetName: user?.name ?? null, details: { invitationId } } });
    return { joined: true };
  });
}

const pendingWhere = (now: Date) => ({ revokedAt: null, declinedAt: null, expiresAt: { gt: now }, uses: { lt: 1 } });
const pendingSelect = {
  id: true,
  expiresAt: true,
  room: { select: { id: true, slug: true, name: true, description: true } },
  createdBy: { select: { name: true } },
} as const;

function pendingDto(row: { id: string; expiresAt: Date; room: PendingInvitationDto["room"]; createdBy: { name: string } | null }): PendingInvitationDto {
  return { id: row.id, room: row.room, invitedBy: row.createdBy?.name ?? null, expiresAt: row.expiresAt.toISOString() };
}

/** What the inviter learns: the same for an address with an account and one without. */
export interface EmailInvitationResult {
  id: string;
  email: string;
  emailed: boolean;
  /** The link, when it was not emailed: the admin passes it on. */
  url: string | null;
  expiresAt: string;
}

/**
 * Invites an address to the room: a single-use link for a week, emailed when SMTP is configured
 * and otherwise handed back for the admin to pass on. When the address belongs to an account
 * (not already in the room, not banned), the same invitation also waits on that person's home
 * page and is pushed live to their open pages. The inviter's answer, the invitation list and the
 * audit log say the same whichever it is, so inviting cannot be used to find out who has an
 * account. Inviting an address again replaces its pending invitation (one per address and room).
 */
export async function inviteByEmail({
  room,
  actor,
  email,
  origin,
}: {
  room: { id: string; name: string };
  actor: { id: string; name: string };
  email: string;
  origin: string;
}): Promise<EmailInvitationResult> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + emailInvitationHours * 3_600_000);
  const token = newToken();
  const { invitation, replaced } = await prisma.$transaction(async (tx) => {
    // One pending invitation per address and room, even when two admins (or a double click) race:
    // the replacement and the insert run under a transaction-scoped lock on the pair.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`invite:${room.id}:${email}`}))`;
    const invitee = await tx.user.findFirst({
      where: { email, memberships: { none: { roomId: room.id } }, bans: { none: { roomId: room.id } } },
      select: { id: true },
    });
    const replaced = await tx.invitation.findMany({ where: { roomId: room.id, email, ...pendingWhere(now) }, select: { id: true, inviteeId: true } });
    if (replaced.length > 0) await tx.invitation.updateMany({ where: { id: { in: replaced.map((r) => r.id) } }, data: { revokedAt: now } });
    const invitation = await tx.invitation.create({
      data: { roomId: room.id, tokenHash: hashToken(token), email, inviteeId: invitee?.id ?? null, createdById: actor.id, expiresAt, maxUses: 1 },
      select: { ...pendingSelect, inviteeId: true },
    });
    await tx.auditLog.create({
      data: { roomId: room.id, actorId: actor.id, action: "INVITATION_CREATED", details: { email, expiresAt: expiresAt.toISOString(), maxUses: 1 } },
    });
    return { invitation, replaced };
  });
  await Promise.all(replaced.flatMap((r) => (r.inviteeId ? [notifyUser(r.inviteeId, "invitation.withdrawn", { id: r.id })] : [])));
  if (invitation.inviteeId) await notifyUser(invitation.inviteeId, "invitation.received", pendingDto(invitation));
  const url = `${origin}/invite/${token}`;
  const emailed = mailer ? await mailer.send(invitationMail({ to: email, roomName: room.name, inviter: actor.name, url, expiresAt })) : false;
  // Once mailed, the link exists only in the recipient's inbox; otherwise the admin passes it on.
  return { id: invitation.id, email, emailed, url: emailed ? null : url, expiresAt: expiresAt.toISOString() };
}

/** The user's pending invitations, newest first. */
export async function listPendingInvitations({ userId }: { userId: string }): Promise<PendingInvitationDto[]> {
  const rows = await prisma.invitation.findMany({
    // Not for rooms they have joined some other way meanwhile, nor ones they are banned from.
    where: { inviteeId: userId, ...pendingWhere(new Date()), room: { memberships: { none: { userId } }, bans: { none: { userId } } } },
    orderBy: { createdAt: "desc" },
    select: pendingSelect,
  });
  return rows.map(pendingDto);
}

/** An invitation addressed to `userId` (404 for anyone else's: their existence does not leak). */
export async function findInvitationFor({ invitationId, userId }: { invitationId: string; userId: string }) {
  const invitation = await prisma.invitation.findFirst({
    where: { id: invitationId, inviteeId: userId },
    select: { id: true, roomId: true, expiresAt: true, maxUses: true, uses: true, revokedAt: true, declinedAt: true },
  });
  if (!invitation) throw new AppError("not_found", "No such invitation.");
  return invitation;
}

/** Declines an invitation addressed to the user; declining twice is harmless. */
export async function declineInvitation({ invitation, userId }: { invitation: { id: string; roomId: string }; userId: string }) {
  const { count } = await prisma.invitation.updateMany({
    where: { id: invitation.id, inviteeId: userId, declinedAt: null, revokedAt: null, uses: { lt: 1 } },
    data: { declinedAt: new Date() },
  });
  if (count === 0) return;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { name: true } });
  await prisma.auditLog.create({
    data: { roomId: invitation.roomId, actorId: userId, action: "INVITATION_DECLINED", targetId: userId, targetName: user?.name ?? null, details: { invitationId: invitation.id } },
  });
  await notifyUser(userId, "invitation.withdrawn", { id: invitation.id });
}
