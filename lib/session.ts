import "server-only";
import { decode, encode, getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { secureCookies, sessionMaxAgeSeconds } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/users";

// Decrypting a session token (HKDF key derivation + JWE) is the costliest step of a request that
// needs a user. A browser sends the same token with every request, so the result is kept, per
// exact token string, until the token expires or at most 5 minutes. Bounded, and nothing but the
// token itself can produce a hit. (getServerSession would also re-encrypt a fresh token on every
// call, which only a response that sets cookies could use.) Only the decoding is cached: whether
// the session has been ended is asked of the database on every request (sessionIsCurrentSql).
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

/** What a session token claims, before the database has said it still stands. */
export interface SessionClaims {
  user: SessionUser;
  /** The session's own id (absent on tokens issued before sessions had one). */
  sid: string | null;
  /** The user's session version when the token was issued. */
  sv: number;
  /** When the token expires (seconds since the epoch). */
  exp: number | null;
}

/** The session cookie's claims, decoded as next-auth's session endpoint would; not yet checked against the database. */
export async function readSessionClaims(): Promise<SessionClaims | null> {
  const token = await getToken({
    req: { cookies: await cookies(), headers: await headers() } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: env.NEXTAUTH_SECRET,
    secureCookie: secureCookies,
    decode: cachedDecode,
    logger: { error: () => {}, warn: () => {}, debug: () => {} } as unknown as Console,
  });
  if (typeof token?.uid !== "string" || !token.uid) return null;
  return {
    user: { id: token.uid, name: token.name ?? "", email: token.email ?? "" },
    sid: typeof token.sid === "string" ? token.sid : null,
    sv: typeof token.sv === "number" ? token.sv : 0,
    exp: typeof token.exp === "number" ? token.exp : null,
  };
}

/**
 * SQL that is true while the session stands: its user exists, the user's session version is the
 * one the token was issued under, and the session was not signed out. The door puts it into the
 * query it runs anyway (room and membership, channel authorization), so checking costs no round
 * trip on the hot paths; elsewhere it is a query of its own (sessionIsCurrent).
 */
export function sessionIsCurrentSql(claims: SessionClaims): Prisma.Sql {
  return Prisma.sql`(EXISTS (SELECT 1 FROM "User" u WHERE u."id" = ${claims.user.id} AND u."sessionVersion" = ${claims.sv})
    AND NOT EXISTS (SELECT 1 FROM "RevokedSession" s WHERE s."id" = ${claims.sid ?? ""}))`;
}

export async function sessionIsCurrent(claims: SessionClaims): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ current: boolean }[]>`SELECT ${sessionIsCurrentSql(claims)} AS "current"`;
  return row?.current === true;
}

/**
 * SQL for the user's display name as stored now. A token carries the name it was issued with;
 * the door reads the stored one in the statement it runs anyway, so a rename shows on every
 * device at its next request, without re-issuing anyone's token.
 */
export function sessionUserNameSql(claims: SessionClaims): Prisma.Sql {
  return Prisma.sql`(SELECT u."name" FROM "User" u WHERE u."id" = ${claims.user.id})`;
}

/** The claims' user with the name the database holds now (the token's when the row is gone). */
export function withStoredName(claims: SessionClaims, name: string | null | undefined): SessionUser {
  return name ? { ...claims.user, name } : claims.user;
}

/** The session's user, with their stored name, while the session stands; else null. One query. */
export async function loadSessionUser(claims: SessionClaims): Promise<SessionUser | null> {
  const [row] = await prisma.$queryRaw<{ current: boolean; name: string | null }[]>`
    SELECT ${sessionIsCurrentSql(claims)} AS "current", ${sessionUserNameSql(claims)} AS "name"`;
  return row?.current === true ? withStoredName(claims, row.name) : null;
}

/**
 * The signed-in user, or null: a session token that decodes and that the database says still
 * stands. Once per request in server components (React's cache): the header and the page share it.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const claims = await readSessionClaims();
  if (!claims) return null;
  return loadSessionUser(claims);
});

/** next-auth's session cookie name, under the same secure-cookie rule (lib/auth.ts). */
const sessionCookieName = `${secureCookies ? "__Secure-" : ""}next-auth.session-token`;

/**
 * Re-issues this browser's session token under session version `sv` (after a password change
 * bumped it, which ended every other session): the same session id, a fresh expiry, written to the
 * session cookie as next-auth would write it. Route handlers only (it sets a cookie).
 */
export async function reissueSessionCookie({ claims, sv }: { claims: SessionClaims; sv: number }): Promise<void> {
  const token: JWT = { name: claims.user.name, email: claims.user.email, sub: claims.user.id, uid: claims.user.id, sv, ...(claims.sid && { sid: claims.sid }) };
  const value = await encode({ token, secret: env.NEXTAUTH_SECRET, maxAge: sessionMaxAgeSeconds });
  (await cookies()).set(sessionCookieName, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies,
    maxAge: sessionMaxAgeSeconds,
  });
}

/** For pages: the signed-in user, or a redirect to /login that comes back to `returnTo`. */
export async function requirePageUser({ returnTo }: { returnTo: string }): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

export const sessionEndedMessage = "Your session has ended. Sign in again.";
