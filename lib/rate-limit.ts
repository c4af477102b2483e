import "server-only";
import type { QueryConfig } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Counters live in PostgreSQL (the rate_limit table), not process memory: on serverless every
// request may land on a different instance, and an in-memory limit would not limit anything.
// RateLimiterPostgres spends a point in one upsert statement on the app's pool (RateLimiterPrisma
// took two queries through the ORM, a third of the channel-authorization time in bench:auth).
// The table comes from a migration (tableCreated): no DDL at request time.
// The library names its statements (server-side prepared); transaction-mode poolers (PgBouncer,
// the pooled URLs of serverless Postgres providers) and the embedded database cannot keep those
// per connection, so they go out unnamed.
const unnamedStatements = { query: (q: QueryConfig) => pool.query({ text: q.text, values: q.values }) };

function limiter(keyPrefix: string, points: number, durationSeconds: number) {
  return new RateLimiterPostgres({
    storeClient: unnamedStatements,
    storeType: "pool",
    tableName: "rate_limit",
    tableCreated: true,
    // Hourly, in the background (unref'd timer): delete counters that expired over an hour ago.
    clearExpiredByTimeout: true,
    keyPrefix,
    points,
    duration: durationSeconds,
  });
}

export const limiters = {
  /** Sign-in attempts per email: 5 a minute. Successful attempts are refunded. */
  loginByEmail: limiter("login:email", 5, 60),
  /** Sign-in attempts per IP: higher, because offices share one address. */
  loginByIp: limiter("login:ip", 20, 60),
  /** Channel and user authorization per user (or per IP when signed out): a reconnect storm, not abuse. */
  channelAuth: limiter("pusher-auth", 300, 60),
  /** Messages per user per room: 20 every 10 seconds. */
  sendMessage: limiter("message:send", 20, 10),
  /** New accounts per IP: 20 an hour. */
  registerByIp: limiter("register:ip", 20, 60 * 60),
};

export type Limiter = (typeof limiters)[keyof typeof limiters];

/** Spends one point on every limiter; the first one that is exhausted decides the 429. */
export async function consumeOrThrow(entries: [Limiter, string][], message: string): Promise<void> {
  for (const [limit, key] of entries) {
    try {
      await limit.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new AppError("rate_limited", message.replace("{seconds}", String(retryAfterSeconds)), { retryAfterSeconds });
      }
      throw error;
    }
  }
}

export async function refund(entries: [Limiter, string][]): Promise<void> {
  await Promise.all(entries.map(([limit, key]) => limit.reward(key, 1)));
}
