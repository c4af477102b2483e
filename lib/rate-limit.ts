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
  // Failed sign-ins, after rate-limiter-flexible's login-protection recipe: counted per email and
  // IP together, so wrong passwords from elsewhere can never lock the real owner out, and per IP
  // over a day, so one address cannot try many accounts. Only failures count (lib/login.ts).
  /** Consecutive failed sign-ins for one email from one IP: the 10th blocks that pair for an hour; a success starts over. */
  loginFailsByEmailAndIp: limiter("login:fail:email-ip", 10, 90 * 24 * 60 * 60),
  /** Failed sign-ins from one IP in a day: the 100th blocks that IP for a day. */
  loginFailsByIp: limiter("login:fail:ip", 100, 24 * 60 * 60),
  /** Channel and user authorization per user (or per IP when signed out): a reconnect storm, not abuse. */
  channelAuth: limiter("pusher-auth", 300, 60),
  /** Messages per user per room: 20 every 10 seconds. */
  sendMessage: limiter("message:send", 20, 10),
  /** New accounts per IP: 20 an hour. */
  registerByIp: limiter("register:ip", 20, 60 * 60),
  /** Invitations (email and links) per inviter: 50 an hour. Each email one can land on a stranger's screen. */
  invitationsByInviter: limiter("invite:inviter", 50, 60 * 60),
  /** New conversations and people added to them, per person: 60 an hour. Each lands in someone's sidebar. */
  conversationsByUser: limiter("conversation:user", 60, 60 * 60),
  /** Reactions per user per room: 60 every 10 seconds (each one is broadcast to the room). */
  react: limiter("message:react", 60, 10),
  /** Files started per user: 100 an hour (each one is storage and, for an image, a thumbnail to make). */
  uploads: limiter("upload:user", 100, 60 * 60),
};

export type Limiter = (typeof limiters)[keyof typeof limiters];

/** "45 seconds", "12 minutes", "3 hours": how long a person must wait, in words. */
export function waitInWords(seconds: number): string {
  if (seconds < 90) return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  if (seconds < 90 * 60) return `${Math.ceil(seconds / 60)} minutes`;
  return `${Math.ceil(seconds / 3600)} hours`;
}

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
