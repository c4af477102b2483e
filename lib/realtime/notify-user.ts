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

/**
 * Closes every signed-in realtime connection of the user (4009); best effort like notifyUser. A
 * connection that still has the right reconnects at once and is authorized afresh.
 */
export async function closeUserConnections(userId: string): Promise<void> {
  await publish(() => pusher.terminateUserConnections(userId)).catch((error: unknown) => {
    log.warn("terminate connections failed", { user_id: userId, error: describePublishError(error) });
  });
}
