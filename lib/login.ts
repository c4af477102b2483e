import "server-only";
import { RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";
import { clientIp, errorResponse, parseBody } from "@/lib/http";
import { limiters, waitInWords } from "@/lib/rate-limit";
import { credentialsSchema } from "@/lib/schemas/auth";

// The login-protection recipe of rate-limiter-flexible: failures are counted per email+IP
// (consecutive: a success resets it) and per IP per day; reaching either blocks only that pair or
// that IP. Nothing is counted per email alone, so nobody can lock the owner of an address out by
// guessing wrong from somewhere else.
const blocks = [
  { limiter: limiters.loginFailsByEmailAndIp, blockSeconds: 60 * 60 },
  { limiter: limiters.loginFailsByIp, blockSeconds: 24 * 60 * 60 },
] as const;

function tooMany(msBeforeNext: number, what: string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError("rate_limited", `${what} Try again in ${waitInWords(retryAfterSeconds)}.`, { retryAfterSeconds });
}

export interface PasswordAttempt {
  /** Counts a wrong password against the email+IP pair and the IP. */
  failed: () => Promise<void>;
  /** A right password: the pair's consecutive failures start over. */
  succeeded: () => Promise<void>;
}

/**
 * Before checking a password for `email` from `ip`: a 429 when that pair or that IP is blocked,
 * else the attempt to report back. Sign-in and a password change's "current password" share these
 * counters, so the account's password cannot be guessed faster through either door.
 */
export async function startPasswordAttempt({ email, ip, tooManyMessage }: { email: string; ip: string; tooManyMessage: string }): Promise<PasswordAttempt> {
  const keys: [string, string] = [`${email}|${ip}`, ip];
  const counts = await Promise.all(blocks.map(({ limiter }, i) => limiter.get(keys[i]!)));
  const blocked = counts.find((count, i) => count !== null && count.consumedPoints >= blocks[i]!.limiter.points);
  if (blocked) throw tooMany(blocked.msBeforeNext, tooManyMessage);
  return {
    failed: () => recordFailure(keys),
    // Consecutive failures start over; the IP's daily count stays.
    succeeded: async () => {
      if (counts[0]) await limiters.loginFailsByEmailAndIp.delete(keys[0]);
    },
  };
}

/** Counts a failure against each key; the one that reaches its limit blocks its key. */
async function recordFailure(keys: [string, string]): Promise<void> {
  await Promise.all(
    blocks.map(async ({ limiter, blockSeconds }, i) => {
      const key = keys[i]!;
      const spent = await limiter.consume(key).catch((error: unknown) => {
        if (error instanceof RateLimiterRes) return error;
        throw error;
      });
      if (spent.consumedPoints >= limiter.points) await limiter.block(key, blockSeconds);
    }),
  );
}

/**
 * Wraps next-auth's credentials callback (POST /api/auth/callback/credentials) with what next-auth
 * lacks: input validation (400/422), protection against password guessing (429 + Retry-After),
 * and one clear message on failure, whichever of email or password was wrong (401).
 */
export async function signInWithCredentials(
  request: Request,
  nextAuth: (request: Request) => Promise<Response>,
): Promise<Response> {
  try {
    const { email } = await parseBody(request.clone(), credentialsSchema, { accept: "json-or-form" });
    const attempt = await startPasswordAttempt({ email, ip: clientIp(request), tooManyMessage: "Too many failed sign-ins." });

    const response = await nextAuth(request);
    const outcome = await readOutcome(response);
    if (outcome === "ok") {
      await attempt.succeeded();
      return response;
    }
    if (outcome === "csrf") {
      throw new AppError("forbidden", "This sign-in form has expired. Reload the page and try again.");
    }
    if (outcome === "error") {
      // authorize() threw (e.g. the database is down): not the user's fault, so nothing is counted.
      throw new AppError("unavailable", "Sign-in is unavailable right now. Please try again in a moment.", { retryAfterSeconds: 5 });
    }
    await attempt.failed();
    throw new AppError("invalid_credentials", "Email or password is wrong.");
  } catch (error) {
    return errorResponse(error);
  }
}

async function readOutcome(response: Response): Promise<"ok" | "csrf" | "failed" | "error"> {
  const location =
    response.headers.get("location") ??
    (await response
      .clone()
      .json()
      .then((body: { url?: string }) => body.url ?? null)
      .catch(() => null));
  if (!location) return "failed";
  const params = new URL(location, "http://parley.invalid").searchParams;
  if (params.has("csrf")) return "csrf";
  const error = params.get("error");
  // next-auth reports a null from authorize() as CredentialsSignin, and a throw as its message.
  if (error === "CredentialsSignin") return "failed";
  if (error !== null) return "error";
  return response.status >= 400 ? "failed" : "ok";
}
