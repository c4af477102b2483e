import "server-only";
import { prisma } from "@/lib/db";
import { closeUserConnections } from "@/lib/realtime/notify-user";
import type { SessionClaims } from "@/lib/session";

// Ending sessions. A session token is a JWT the browser holds and next-auth never asks the server
// about, so "signed out" has to live in the database, where the door asks on every request
// (lib/session.ts, sessionIsCurrentSql). Then every realtime connection of the user is closed:
// the ones that still have a session reconnect at once; one that does not is refused its sign-in
// and its channels, and the realtime server closes it for not signing in.

/**
 * Ends the one session `claims` belong to (sign-out on this device): its id is remembered until
 * its token would have expired anyway. A token from before sessions had ids can only be ended
 * with all the others.
 */
export async function endSession(claims: SessionClaims): Promise<void> {
  if (!claims.sid) return endAllSessions({ userId: claims.user.id });
  const expiresAt = new Date((claims.exp ?? Date.now() / 1000 + 30 * 24 * 3600) * 1000);
  await prisma.$transaction([
    prisma.revokedSession.upsert({ where: { id: claims.sid }, update: {}, create: { id: claims.sid, userId: claims.user.id, expiresAt } }),
    // Housekeeping on the same occasion: ids of tokens that have expired by themselves.
    prisma.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
  ]);
  await closeUserConnections(claims.user.id);
}

/**
 * Ends every session of the user issued before now ("sign out everywhere"), and forgets every
 * browser's push subscription: a browser signed out this way must not keep showing their messages.
 */
export async function endAllSessions({ userId }: { userId: string }): Promise<void> {
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { id: true } }),
    prisma.pushSubscription.deleteMany({ where: { userId } }),
  ]);
  await closeUserConnections(userId);
}
