import "server-only";
import http from "node:http";
import https from "node:https";
import Pusher from "pusher";
import { env } from "@/lib/env";

/** Room messages go on private-encrypted- channels when a master key is configured. */
export const encryptionEnabled = Boolean(env.PUSHER_ENCRYPTION_MASTER_KEY);

const useTLS = env.PUSHER_HOST ? (env.PUSHER_USE_TLS ?? true) : true;

/** The server SDK, pointed at hosted Pusher (cluster) or a Pusher-compatible host (soketi, built-in). */
export const pusher = new Pusher({
  // Keep connections to the realtime service open between triggers: a new TCP (and TLS) handshake
  // per message was part of the send → delivery time.
  // A realtime outage must not hold sends hostage: the message is stored first, and clients
  // catch up from the API, so a trigger that cannot finish quickly is abandoned (and logged).
  timeout: 3_000,
  agent: useTLS ? new https.Agent({ keepAlive: true, maxSockets: 50 }) : new http.Agent({ keepAlive: true, maxSockets: 50 }),
  appId: env.PUSHER_APP_ID,
  key: env.PUSHER_KEY,
  secret: env.PUSHER_SECRET,
  ...(env.PUSHER_HOST
    ? { host: env.PUSHER_HOST, port: env.PUSHER_PORT ? String(env.PUSHER_PORT) : undefined, useTLS }
    : { cluster: env.PUSHER_CLUSTER ?? "mt1", useTLS: true }),
  ...(env.PUSHER_ENCRYPTION_MASTER_KEY && { encryptionMasterKeyBase64: env.PUSHER_ENCRYPTION_MASTER_KEY }),
});

import type { RealtimeClientConfig } from "@/lib/realtime/pusher-config";

export const realtimeClientConfig: RealtimeClientConfig = env.PUSHER_HOST
  ? {
      key: env.PUSHER_KEY,
      cluster: "custom",
      wsHost: env.PUSHER_HOST,
      wsPort: env.PUSHER_PORT,
      forceTLS: env.PUSHER_USE_TLS ?? true,
      encrypted: encryptionEnabled,
    }
  : { key: env.PUSHER_KEY, cluster: env.PUSHER_CLUSTER ?? "mt1", forceTLS: true, encrypted: encryptionEnabled };

/** The cause of a failed SDK request, for the log: the HTTP status, or the network error's code. */
export function describePublishError(error: unknown): string {
  const e = error as { status?: number; error?: { code?: string; name?: string; message?: string } };
  if (typeof e?.status === "number") return `HTTP ${e.status}`;
  return e?.error?.code ?? e?.error?.name ?? String(error);
}

/**
 * Sends to the realtime service, once more if the first try died on the connection itself. Kept-
 * alive connections outlive a restart of the service: the first request after it can be written
 * to a socket the old process left behind and fail with ECONNRESET, though the service is up. An
 * event lost that way, after clients have caught up, would leave a hole nobody notices (found by
 * the chaos test). A timeout or an HTTP error is not retried: the service answered, or is down.
 */
export async function publish<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const e = error as { status?: number; error?: { name?: string } };
    if (typeof e?.status === "number" || e?.error?.name === "AbortError") throw error;
    return send();
  }
}
