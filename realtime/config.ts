// Options of the realtime server, with their defaults and their environment variables.
import { z } from "zod";

export interface RealtimeOptions {
  /** Interface to listen on. Loopback unless told otherwise. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  appId: string;
  key: string;
  secret: string;
  /** Seconds of silence after which the server pings a client (sent in the handshake). */
  activityTimeoutSeconds: number;
  /** Seconds the server waits for any traffic after its ping before closing with 4201. */
  pongTimeoutSeconds: number;
  /**
   * Where clients may send `client-` events: `presence` channels only (what Parley uses: typing
   * indicators; the deliveries carry the sender's user id), `all` private and presence channels
   * (hosted Pusher's rule when client events are enabled), or `off`.
   */
  clientEvents: "off" | "presence" | "all";
  clientEventsPerSecond: number;
  /** Whether subscribers get `pusher_internal:subscription_count` updates. */
  subscriptionCount: boolean;
  /**
   * Close connections that have not signed in (`pusher:signin`) within this many seconds (4009);
   * 0 = off. Hosted Pusher's "authorized connections" setting. On by default: only a signed-in
   * connection can be found and closed by `terminate_connections` when its user loses access.
   */
  userAuthTimeoutSeconds: number;
  maxConnections: number;
  maxSubscriptionsPerConnection: number;
  maxPresenceMembers: number;
  maxUserInfoBytes: number;
  maxWatchlistSize: number;
  /** Largest `data` of one event, in bytes (HTTP API and client events). */
  maxEventBytes: number;
  /** Largest WebSocket frame or HTTP body accepted, in bytes. */
  maxFrameBytes: number;
  maxChannelsPerTrigger: number;
  maxBatchEvents: number;
  /** A connection whose unsent buffer exceeds this is dropped (close 4100) instead of growing memory. */
  maxBufferedBytes: number;
  /** Seconds a cache channel keeps its last event. */
  cacheTtlSeconds: number;
  /** Allowed skew of an HTTP API request's auth_timestamp, in seconds. */
  maxTimestampSkewSeconds: number;
  webhookUrl: string | undefined;
  /** Delay before channel_vacated / member_removed webhooks, so a page reload does not flap. */
  webhookDelayMs: number;
  /** How long failed webhook deliveries are retried, with exponential backoff. */
  webhookRetryForMs: number;
  logLevel: "info" | "warn" | "silent";
}

export const defaultRealtimeOptions: RealtimeOptions = {
  host: "127.0.0.1",
  port: 6001,
  appId: "parley",
  key: "parley-key",
  secret: "parley-secret",
  activityTimeoutSeconds: 120,
  pongTimeoutSeconds: 30,
  clientEvents: "presence",
  clientEventsPerSecond: 10,
  subscriptionCount: false,
  userAuthTimeoutSeconds: 10,
  maxConnections: 0,
  maxSubscriptionsPerConnection: 1000,
  maxPresenceMembers: 100,
  maxUserInfoBytes: 1024,
  maxWatchlistSize: 100,
  maxEventBytes: 10 * 1024,
  maxFrameBytes: 256 * 1024,
  maxChannelsPerTrigger: 100,
  maxBatchEvents: 10,
  maxBufferedBytes: 4 * 1024 * 1024,
  cacheTtlSeconds: 30 * 60,
  maxTimestampSkewSeconds: 600,
  webhookUrl: undefined,
  webhookDelayMs: 3000,
  webhookRetryForMs: 5 * 60 * 1000,
  logLevel: "info",
};

const int = (min: number) => z.coerce.number().int().min(min).optional();
const bool = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1")
  .optional();

/** Environment variable -> option. Unset variables keep the defaults above. */
const envSchema = z.object({
  REALTIME_HOST: z.string().min(1).optional(),
  REALTIME_PORT: int(0),
  PUSHER_APP_ID: z.string().min(1).optional(),
  PUSHER_KEY: z.string().min(1).optional(),
  PUSHER_SECRET: z.string().min(1).optional(),
  REALTIME_ACTIVITY_TIMEOUT: int(1),
  REALTIME_PONG_TIMEOUT: int(1),
  REALTIME_CLIENT_EVENTS: z
    .enum(["off", "presence", "all", "true", "false"], { error: "must be presence, all or off" })
    .transform((v) => (v === "true" ? "all" : v === "false" ? "off" : v))
    .optional(),
  REALTIME_SUBSCRIPTION_COUNT: bool,
  REALTIME_USER_AUTH_TIMEOUT: int(0),
  REALTIME_MAX_CONNECTIONS: int(0),
  REALTIME_MAX_PRESENCE_MEMBERS: int(1),
  REALTIME_WEBHOOK_URL: z.url({ error: "must be an http(s) URL" }).optional(),
  REALTIME_WEBHOOK_DELAY_MS: int(0),
  REALTIME_LOG: z.enum(["info", "warn", "silent"]).optional(),
});

export function optionsFromEnv(source: Record<string, string | undefined>): Partial<RealtimeOptions> {
  const present = Object.fromEntries(Object.entries(source).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")} ${i.message}`);
    throw new Error(`Invalid realtime server environment:\n${lines.join("\n")}`);
  }
  const e = result.data;
  const options: Partial<RealtimeOptions> = {
    host: e.REALTIME_HOST,
    port: e.REALTIME_PORT,
    appId: e.PUSHER_APP_ID,
    key: e.PUSHER_KEY,
    secret: e.PUSHER_SECRET,
    activityTimeoutSeconds: e.REALTIME_ACTIVITY_TIMEOUT,
    pongTimeoutSeconds: e.REALTIME_PONG_TIMEOUT,
    clientEvents: e.REALTIME_CLIENT_EVENTS,
    subscriptionCount: e.REALTIME_SUBSCRIPTION_COUNT,
    userAuthTimeoutSeconds: e.REALTIME_USER_AUTH_TIMEOUT,
    maxConnections: e.REALTIME_MAX_CONNECTIONS,
    maxPresenceMembers: e.REALTIME_MAX_PRESENCE_MEMBERS,
    webhookUrl: e.REALTIME_WEBHOOK_URL,
    webhookDelayMs: e.REALTIME_WEBHOOK_DELAY_MS,
    logLevel: e.REALTIME_LOG,
  };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
