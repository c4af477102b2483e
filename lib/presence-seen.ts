import "server-only";
import { prisma } from "@/lib/db";
import { parseChannel } from "@/lib/realtime/channels";
import type { PusherWebhook } from "@/lib/schemas/webhooks";

const userIdPattern = /^[a-z0-9]{1,64}$/;

/** The users that joined or left a room's presence channel in this batch. */
export function presenceUserIds(events: PusherWebhook["events"]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.name !== "member_added" && event.name !== "member_removed") continue;
    if (!event.channel || parseChannel(event.channel).kind !== "room-presence") continue;
    if (event.user_id && userIdPattern.test(event.user_id)) ids.add(event.user_id);
  }
  return [...ids];
}

/**
 * Marks these users as seen at `at` (the batch's time, never later than now), in one statement.
 * A late retry of an older batch never moves anyone's lastSeenAt back. Returns how many users exist.
 */
export async function recordLastSeen({ userIds, at }: { userIds: string[]; at: Date }): Promise<number> {
  if (userIds.length === 0) return 0;
  return prisma.$executeRaw`
    UPDATE "User" SET "lastSeenAt" = GREATEST(COALESCE("lastSeenAt", '-infinity'::timestamptz), LEAST(${at}::timestamptz, now()))
    WHERE "id" = ANY(${userIds}::text[])`;
}
