// Browser-side password sign-in through next-auth's credentials endpoint. Hand-written instead of
// next-auth/react's signIn() because that hides the HTTP status and Retry-After, which the form
// needs to say "wrong password" apart from "too many attempts, wait 40 s".
import { forgetThisBrowser } from "@/lib/client/push-subscription";
import type { ErrorBody } from "@/lib/errors";

export type SignInResult =
  | { ok: true }
  | { ok: false; message: string; retryAfterSeconds?: number; fields?: Record<string, string> };

export async function signInWithPassword({ email, password }: { email: string; password: string }): Promise<SignInResult> {
  try {
    const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
    });
    if (response.ok) return { ok: true };
    return { ok: false, ...(await readError(response)) };
  } catch {
    return { ok: false, message: "Can't reach Parley. Check your connection and try again." };
  }
}

/**
 * Signs out this browser. Hand-written for the same reason: the server ends the session in the
 * database before next-auth clears the cookie, and when that fails the person must be told they
 * are still signed in, not sent to the sign-in page as if it had worked.
 */
export async function signOutHere(): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    // While still signed in: this browser stops receiving the account's pushes (the next person
    // to use it is not shown someone else's messages).
    await forgetThisBrowser().catch(() => false);
    const { csrfToken } = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken: string };
    const response = await fetch("/api/auth/signout", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/login", json: "true" }),
    });
    if (response.ok) return { ok: true };
    return { ok: false, message: (await readError(response)).message };
  } catch {
    return { ok: false, message: "Can't reach Parley. Check your connection and try again." };
  }
}

export async function readError(response: Response): Promise<{ message: string; retryAfterSeconds?: number; fields?: Record<string, string> }> {
  const retryAfter = Number(response.headers.get("retry-after"));
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  return {
    message: body?.error?.message ?? `Something went wrong (HTTP ${response.status}). Please try again.`,
    ...(retryAfter > 0 && { retryAfterSeconds: retryAfter }),
    ...(body?.error?.fields && { fields: body.error.fields }),
  };
}
