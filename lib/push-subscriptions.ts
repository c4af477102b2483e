import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** A user keeps at most this many push subscriptions (browsers, devices); registering one more drops the oldest. */
export const maxPushSubscriptionsPerUser = 10;

/**
 * Stores the browser's subscription for `userId`. Upsert by endpoint: an endpoint is one browser
 * profile, so one registered by another account (someone else signed in on that browser) moves
 * to this one, and the previous account stops getting pushes there.
 */
export async function savePushSubscription({ userId, endpoint, p256dh, auth }: { userId: string; endpoint: string; p256dh: string; auth: string }): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
    // An endpoint moves to another account only with its own keys: the same browser signing in as
    // someone else sends them; someone who merely learned the URL cannot, and must not be able to
    // silence another person's notifications by claiming it.
    const existing = await tx.pushSubscription.findUnique({ where: { endpoint }, select: { userId: true, p256dh: true, auth: true } });
    if (existing && existing.userId !== userId && (existing.p256dh !== p256dh || existing.auth !== auth)) {
      throw new AppError("conflict", "This push subscription belongs to another browser. Turn notifications off and on again to get a new one.");
    }
    const saved = await tx.pushSubscription.upsert({
      where: { endpoint },
      create: { userId, endpoint, p256dh, auth },
      // A re-registration counts as new: it is the last one dropped.
      update: { userId, p256dh, auth, createdAt: new Date() },
      select: { id: true },
    });
    const surplus = await tx.pushSubscription.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: maxPushSubscriptionsPerUser,
      select: { id: true },
    });
    if (surplus.length > 0) await tx.pushSubscription.deleteMany({ where: { id: { in: surplus.map((s) => s.id) } } });
    return saved;
  });
}

/** Forgets the caller's own subscription with this endpoint; nothing when there is none (or it is someone else's). */
export async function deletePushSubscription({ userId, endpoint }: { userId: string; endpoint: string }): Promise<void> {
  await prisma.pushSubscription.deleteMany({ where: { userId, endpoint } });
}
