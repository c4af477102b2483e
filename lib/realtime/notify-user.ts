import "server-only";
import { log } from "@/lib/log";
import { describePublishError, publish, pusher } from "@/lib/realtime/pusher";
import type { UserEventName, UserEvents } from "@/lib/realtime/user-events";

/**
 * Best effort: the database is the record (pages that were closed load it on their next visit),
 * so a realtime failure is logged, never turned into a failed request.
 */
export async function notifyUser<E extends UserEventName>(userId: string, event: E, data: UserEvents[E]): Promise<void> {
  await publish(() => pusher.sendToUser(userId, event, data)).catch((error: unknown) => {
    log.warn("user event failed", { user_id: userId, event, error: describePublishError(error) });
  });
}
