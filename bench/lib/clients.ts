// pusher-js (its Node build, unmodified) connected to the stack's realtime server as a signed-in
// user: channel authorization goes through the app's /api/pusher/auth with the user's cookie, and
// it signs in (pusher:signin) first, as Parley's own client does.
import PusherClient from "pusher-js";
import { keepReconnecting } from "@/lib/client/reconnect";
import type { BenchUser } from "./fixtures";

export function realtimeClientFor(user: BenchUser, { baseUrl, pusherEnv }: { baseUrl: string; pusherEnv: Record<string, string> }, { signin = true }: { signin?: boolean } = {}): PusherClient {
  const authorize = (endpoint: string, params: Record<string, string>, callback: (error: Error | null, data: never) => void) => {
    fetch(`${baseUrl}${endpoint}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: user.cookie },
      body: new URLSearchParams(params),
    })
      .then(async (response) => (response.ok ? callback(null, (await response.json()) as never) : callback(new Error(`HTTP ${response.status}`), null as never)))
      .catch((error: Error) => callback(error, null as never));
  };
  const client = new PusherClient(pusherEnv.PUSHER_KEY!, {
    cluster: "custom",
    wsHost: pusherEnv.PUSHER_HOST!,
    wsPort: Number(pusherEnv.PUSHER_PORT),
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      endpoint: "/api/pusher/auth",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => authorize("/api/pusher/auth", { socket_id: socketId, channel_name: channelName }, callback),
    },
    userAuthentication: {
      endpoint: "/api/pusher/user-auth",
      transport: "ajax",
      customHandler: ({ socketId }, callback) => authorize("/api/pusher/user-auth", { socket_id: socketId }, callback),
    },
  });
  if (signin) client.signin();
  // The product's reconnect policy too (RealtimeProvider does the same): back live within seconds.
  // It does nothing once the client is disconnected on purpose.
  keepReconnecting(client);
  return client;
}

/** Resolves when the client is connected. */
export function connected(client: PusherClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (client.connection.state === "connected") return resolve();
    client.connection.bind("connected", () => resolve());
    client.connection.bind("failed", () => reject(new Error("connection failed")));
  });
}

/** Subscribes and resolves on subscription_succeeded (rejects on subscription_error). */
export function subscribed(client: PusherClient, channelName: string) {
  return new Promise<ReturnType<PusherClient["subscribe"]>>((resolve, reject) => {
    const channel = client.subscribe(channelName);
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(`subscription to ${channelName} refused: ${JSON.stringify(error)}`)));
  });
}
