import "server-only";
import { decode, getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { secureCookies } from "@/lib/auth";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/users";

// Decrypting a session token (HKDF key derivation + JWE) is the costliest step of a request that
// needs a user. A browser sends the same token with every request, so the result is kept, per
// exact token string, until the token expires or at most 5 minutes. Bounded, and nothing but the
// token itself can produce a hit. (getServerSession would also re-encrypt a fresh token on every
// call, which only a response that sets cookies could use.)
const decoded = new Map<string, { value: JWT | null; until: number }>();
const maxEntries = 10_000;

async function cachedDecode(params: JWTDecodeParams): Promise<JWT | null> {
  const token = params.token ?? "";
  const now = Date.now();
  const hit = decoded.get(token);
  if (hit && hit.until > now) return hit.value;
  const value = await decode(params);
  const expiresAt = typeof value?.exp === "number" ? value.exp * 1000 : now;
  if (decoded.size >= maxEntries) decoded.delete(decoded.keys().next().value!);
  decoded.set(token, { value, until: Math.min(expiresAt, now + 5 * 60_000) });
  return value;
}

/** The signed-in user, or null: the session cookie, decoded as next-auth's session endpoint would. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const token = await getToken({
    req: { cookies: await cookies(), headers: await headers() } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: env.NEXTAUTH_SECRET,
    secureCookie: secureCookies,
    decode: cachedDecode,
    logger: { error: () => {}, warn: () => {}, debug: () => {} } as unknown as Console,
  });
  return typeof token?.uid === "string" && token.uid ? { id: token.uid, name: token.name ?? "", email: token.email ?? "" } : null;
}

/** For pages: the signed-in user, or a redirect to /login that comes back to `returnTo`. */
export async function requirePageUser({ returnTo }: { returnTo: string }): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For API routes: the signed-in user, or a 401. */
export async function requireApiUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  return user;
}
