import "server-only";
import { prisma } from "@/lib/db";

/** A user keeps at most this many push subscriptions (browsers, devices); registering one more drops the oldest. */
export const maxPushSubscriptionsPerUser = 10;

/**
 * Stores the browser's subscription for `userId`. Upsert by endpoint: an endpoint is one browser
 * profile, so one registered by another account (someone else signed in on that browser) moves
 * to this one, and the previous account stops getting pushes there.
 */
export async function savePushSubscription({ userId, endpoint, p256dh, auth }: { userId: string; endpoint: string; p256dh: string; auth: string }): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
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
