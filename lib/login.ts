import "server-only";
import { AppError } from "@/lib/errors";
import { clientIp, errorResponse, parseBody } from "@/lib/http";
import { consumeOrThrow, limiters, refund, type Limiter } from "@/lib/rate-limit";
import { credentialsSchema } from "@/lib/schemas/auth";

/**
 * Wraps next-auth's credentials callback (POST /api/auth/callback/credentials) with what next-auth
 * lacks: input validation (400/422), rate limiting per email and per IP (429 + Retry-After), and
 * one clear message on failure, whichever of email or password was wrong (401).
 */
export async function signInWithCredentials(
  request: Request,
  nextAuth: (request: Request) => Promise<Response>,
): Promise<Response> {
  try {
    const { email } = await parseBody(request.clone(), credentialsSchema);
    const budget: [Limiter, string][] = [
      [limiters.loginByEmail, email],
      [limiters.loginByIp, clientIp(request)],
    ];
    await consumeOrThrow(budget, "Too many sign-in attempts. Try again in {seconds} seconds.");

    const response = await nextAuth(request);
    const outcome = await readOutcome(response);
    if (outcome === "ok") {
      await refund(budget);
      return response;
    }
    if (outcome === "csrf") {
      throw new AppError("forbidden", "This sign-in form has expired. Reload the page and try again.");
    }
    if (outcome === "error") {
      // authorize() threw (e.g. the database is down): not the user's fault, so no point spent.
      await refund(budget).catch(() => {});
      throw new AppError("unavailable", "Sign-in is unavailable right now. Please try again in a moment.", { retryAfterSeconds: 5 });
    }
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
