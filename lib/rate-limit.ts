import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Counters live in PostgreSQL (the RateLimit table), not process memory: on serverless every
// request may land on a different instance, and an in-memory limit would not limit anything.
function limiter(keyPrefix: string, points: number, durationSeconds: number) {
  return new RateLimiterPrisma({
    storeClient: prisma,
    tableName: "rateLimit",
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
