// Test helpers: a realtime server on a free port, and the unmodified pusher-js (Node build) and
// pusher SDK pointed at it exactly as an app would point them at hosted Pusher.
import Pusher from "pusher";
import PusherClient from "pusher-js";
import type { Channel, Options } from "pusher-js";
import { startRealtimeServer, type RealtimeServer } from "../server";
import type { RealtimeOptions } from "../config";

export const app = { appId: "test-app", key: "test-key", secret: "test-secret" };

export async function startTestServer(overrides: Partial<RealtimeOptions> = {}): Promise<RealtimeServer> {
  return startRealtimeServer({ ...app, port: 0, logLevel: "silent", ...overrides });
}

export function serverSdk(server: RealtimeServer, overrides: Partial<{ key: string; secret: string; appId: string }> = {}): Pusher {
  return new Pusher({ ...app, ...overrides, host: "127.0.0.1", port: String(server.port), useTLS: false });
}

export interface PresenceUser {
  user_id: string;
  user_info?: Record<string, unknown>;
}

/**
 * A pusher-js client whose channel authorization is signed by the pusher SDK in-process: the same
 * code path an app's auth endpoint runs, minus the HTTP hop. `presence` gives the member identity.
 */
export function client(
  server: RealtimeServer,
  { presence, user, options = {} }: { presence?: PresenceUser; user?: { id: string; user_info?: unknown; watchlist?: string[] }; options?: Partial<Options> } = {},
): PusherClient {
  const sdk = serverSdk(server);
  return new PusherClient(app.key, {
    cluster: "test",
    wsHost: "127.0.0.1",
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: "/unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        try {
          const auth = channelName.startsWith("presence-")
            ? sdk.authorizeChannel(socketId, channelName, presence ?? { user_id: "anonymous" })
            : sdk.authorizeChannel(socketId, channelName);
          callback(null, auth);
        } catch (error) {
          callback(error as Error, null);
        }
      },
    },
    userAuthentication: {
      endpoint: "/unused",
      transport: "ajax",
      customHandler: ({ socketId }, callback) => {
        if (!user) return callback(new Error("no user"), null);
        callback(null, sdk.authenticateUser(socketId, user as Parameters<Pusher["authenticateUser"]>[1]));
      },
    },
    ...options,
  });
}

export function waitFor<T = unknown>(emitter: { bind: (event: string, cb: (data: T) => void) => unknown; unbind?: (event: string, cb: (data: T) => void) => unknown }, event: string): Promise<T> {
  return new Promise((resolve) => {
    const handler = (data: T) => {
      emitter.unbind?.(event, handler);
      resolve(data);
    };
    emitter.bind(event, handler);
  });
}

export function connected(pusher: PusherClient): Promise<void> {
  if (pusher.connection.state === "connected") return Promise.resolve();
  return new Promise((resolve) => {
    const handler = () => {
      if (pusher.connection.state === "connected") {
        pusher.connection.unbind("state_change", handler);
        resolve();
      }
    };
    pusher.connection.bind("state_change", handler);
  });
}

export function subscribed(channel: Channel): Promise<unknown> {
  return waitFor(channel, "pusher:subscription_succeeded");
}
