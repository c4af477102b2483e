import "server-only";
import { conversationName } from "@/lib/conversations";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { startPasswordAttempt } from "@/lib/login";
import { hashPassword, verifyPassword } from "@/lib/password";
import { closeUserConnections } from "@/lib/realtime/notify-user";
import type { ChangePasswordBody, NotifyLevel } from "@/lib/schemas/account";
import { sessionEndedMessage, type SessionClaims } from "@/lib/session";
import type { SessionUser } from "@/lib/users";

// The signed-in person's own account: their name, password and notification settings.

/** Renames the person. Every session shows it from its next request: the door reads the stored name. */
export async function updateDisplayName({ userId, name }: { userId: string; name: string }): Promise<SessionUser> {
  return prisma.user.update({ where: { id: userId }, data: { name }, select: { id: true, name: true, email: true } });
}

/**
 * Sets a new password and ends every session of the person issued before (their session version
 * moves on); returns the new version, for re-issuing this browser's token. The current password
 * is checked whenever the account has one, against the same failure counters as sign-in; an
 * account that only ever signed in through OAuth may set a first one without.
 */
export async function changePassword({ claims, ip, body }: { claims: SessionClaims; ip: string; body: ChangePasswordBody }): Promise<{ sessionVersion: number }> {
  const userId = claims.user.id;
  const stored = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!stored) throw new AppError("unauthorized", sessionEndedMessage);
  if (stored.passwordHash) {
    if (!body.currentPassword) {
      throw new AppError("unprocessable", "Enter your current password.", { fields: { currentPassword: "Enter your current password." } });
    }
    const attempt = await startPasswordAttempt({ email: stored.email, ip, tooManyMessage: "Too many wrong passwords." });
    if (!(await verifyPassword(body.currentPassword, stored.passwordHash))) {
      await attempt.failed();
      throw new AppError("forbidden", "Your current password is not right. Check it and try again.", { fields: { currentPassword: "This is not your current password." } });
    }
    await attempt.succeeded();
  }
  const passwordHash = await hashPassword(body.newPassword);
  // Only under the version this session was issued with: a password change or "sign out
  // everywhere" elsewhere in the meantime has ended this session too.
  const { count } = await prisma.user.updateMany({
    where: { id: userId, sessionVersion: claims.sv },
    data: { passwordHash, sessionVersion: { increment: 1 } },
  });
  if (count === 0) throw new AppError("unauthorized", sessionEndedMessage);
  // A password is changed because a device may be in the wrong hands: no browser keeps receiving
  // pushes (with message text) until its person turns them on again, this one included.
  await prisma.pushSubscription.deleteMany({ where: { userId } });
  // Other devices' realtime connections go at once; this browser's reconnect under its new token.
  await closeUserConnections(userId);
  return { sessionVersion: claims.sv + 1 };
}

export async function setNotifyLevel({ userId, level }: { userId: string; level: NotifyLevel }): Promise<NotifyLevel> {
  const user = await prisma.user.update({ where: { id: userId }, data: { notifyLevel: level }, select: { notifyLevel: true } });
  return user.notifyLevel;
}

/** Mutes or unmutes a room or conversation for one member (the door has checked they are one). */
export async function setRoomMuted({ roomId, userId, muted }: { roomId: string; userId: string; muted: boolean }): Promise<boolean> {
  const membership = await prisma.membership.update({ where: { roomId_userId: { roomId, userId } }, data: { muted }, select: { muted: true } });
  return membership.muted;
}

export interface NotificationRoom {
  id: string;
  slug: string;
  kind: "ROOM" | "DIRECT" | "GROUP";
  /** A room's name; for a conversation, the other members' names. */
  label: string;
  muted: boolean;
}

/** The person's notification level and every room and conversation of theirs with its mute state: rooms first, then by label. */
/** The person's notification level alone, for the pages that decide whether to show a notification. */
export async function getNotifyLevel({ userId }: { userId: string }): Promise<NotifyLevel> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { notifyLevel: true } });
  return user?.notifyLevel ?? "MENTIONS";
}

export async function getNotificationSettings({ userId }: { userId: string }): Promise<{ level: NotifyLevel; rooms: NotificationRoom[] }> {
  const [user, memberships] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { notifyLevel: true } }),
    prisma.membership.findMany({
      where: { userId },
      select: {
        muted: true,
        room: {
          select: {
            id: true,
            slug: true,
            name: true,
            kind: true,
            // A conversation has at most nine people: this is all of the others.
            memberships: { where: { userId: { not: userId } }, select: { user: { select: { id: true, name: true } } }, orderBy: { joinedAt: "asc" }, take: 9 },
          },
        },
      },
    }),
  ]);
  const rooms = memberships.map(({ muted, room }) => ({
    id: room.id,
    slug: room.slug,
    kind: room.kind,
    label: room.kind === "ROOM" ? room.name : conversationName(room.memberships.map((m) => m.user), userId),
    muted,
  }));
  rooms.sort((a, b) => Number(a.kind !== "ROOM") - Number(b.kind !== "ROOM") || a.label.localeCompare(b.label));
  return { level: user.notifyLevel, rooms };
}

/** The account page's header facts, and whether a password exists (OAuth-only accounts set a first one without the current). */
export async function getAccount({ userId }: { userId: string }) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, createdAt: true, passwordHash: true } });
  if (!user) return null;
  const { passwordHash, ...rest } = user;
  return { ...rest, hasPassword: passwordHash !== null };
}
