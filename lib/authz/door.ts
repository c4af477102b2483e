import "server-only";
import { decide, type Action, type Decision, type Role, type RoomContext, type RoomKind, type Visibility } from "@/lib/authz/policy";
import { prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, route } from "@/lib/http";
import { consumeOrThrow, type Limiter } from "@/lib/rate-limit";
import { loadSessionUser, readSessionClaims, sessionEndedMessage, sessionIsCurrentSql, sessionUserNameSql, withStoredName, type SessionClaims } from "@/lib/session";
import type { SessionUser } from "@/lib/users";

// The one door into everything that needs a user or a room: it loads the caller, checks that
// their session still stands and loads their membership, once, and asks the pure policy
// (lib/authz/policy.ts). Handlers never query memberships for authorization themselves.
//
// - withUser: routes without a room. The session check is a query of its own.
// - withRoom: routes under /api/rooms/{roomId}. The session check rides in the statement that
//   loads the room, the caller's role and ban: one round trip.
// - withCaller: the Pusher auth endpoints, which shape their own refusals (403 for pusher-js);
//   lib/realtime/authorize.ts checks the session inside its own query.

type Context<P> = { params: Promise<P> };

const idPattern = /^[a-z0-9]{1,64}$/;

/** The route's `*Id` segments, checked once (a malformed id is a 404, like one that does not exist). */
async function routeIds<P>(context: Context<P>): Promise<P> {
  const ids = ((await context.params) ?? {}) as P;
  for (const [key, value] of Object.entries(ids as Record<string, string>)) {
    if (key.endsWith("Id") && !idPattern.test(value)) throw new AppError("not_found", "Not found.");
  }
  return ids;
}

/** Same-origin check on writes, and the session's claims (else 401). */
async function enter(request: Request): Promise<SessionClaims> {
  if (request.method !== "GET" && request.method !== "HEAD") assertSameOrigin(request);
  const claims = await readSessionClaims();
  if (!claims) throw new AppError("unauthorized", "Sign in to continue.");
  return claims;
}

/**
 * Route handler door for routes without a room: a signed-in user whose session still stands (else
 * 401), with their stored name. `claims` is for the few handlers that re-issue the session (a password change).
 */
export function withUser<P extends Record<string, string> = Record<string, string>>(
  handler: (request: Request, context: { ids: P; user: SessionUser; claims: SessionClaims }) => Promise<Response>,
) {
  return route<P>(async (request, context) => {
    const claims = await enter(request);
    const [ids, user] = await Promise.all([routeIds(context), loadSessionUser(claims)]);
    if (!user) throw new AppError("unauthorized", sessionEndedMessage);
    return handler(request, { ids, user, claims });
  });
}

export interface RoomRecord {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: "PUBLIC" | "PRIVATE";
  kind: RoomKind;
}

export interface LoadedRoom {
  room: RoomRecord;
  context: RoomContext;
}

export interface RoomDoorContext<P> {
  ids: P;
  user: SessionUser;
  /** The room and the caller's relation to it; null when no room has this id. */
  loaded: LoadedRoom | null;
  /** Enforces `action` on this room for the caller (the policy's refusal as an AppError); returns the room. */
  authorize: (action: Action) => LoadedRoom;
}

export interface RoomDoorOptions<P> {
  /** Enforced by the door before the handler runs (handlers whose action depends on the request call `authorize` themselves). */
  action?: Action;
  /** Spent in parallel with the door's statement (the send path); a refusal by the session check or `action` still wins. */
  rateLimit?: { limits: (user: SessionUser, ids: P) => [Limiter, string][]; message: string };
}

/** Route handler door for /api/rooms/{roomId}/…: the caller, their session and their context in the room, in one statement. */
export function withRoom<P extends { roomId: string } & Record<string, string>>(
  handler: (request: Request, context: RoomDoorContext<P>) => Promise<Response>,
  options: RoomDoorOptions<P> = {},
) {
  return route<P>(async (request, context) => {
    const claims = await enter(request);
    const ids = await routeIds(context);
    const loading = queryRoomContext({ userId: claims.user.id, where: { id: ids.roomId }, session: claims });
    const limited = options.rateLimit ? consumeOrThrow(options.rateLimit.limits(claims.user, ids), options.rateLimit.message) : null;
    if (limited) await Promise.allSettled([loading, limited]);
    const { sessionCurrent, userName, loaded } = await loading;
    if (!sessionCurrent) throw new AppError("unauthorized", sessionEndedMessage);
    const user = withStoredName(claims, userName);
    const authorize = (action: Action): LoadedRoom => {
      enforce(decide({ caller: { userId: user.id }, room: loaded?.context ?? null, action }));
      return loaded!;
    };
    if (options.action) authorize(options.action);
    if (limited) await limited;
    return handler(request, { ids, user, loaded, authorize });
  });
}

/**
 * Door for the Pusher auth endpoints, whose refusals the policy shapes itself (403, never 401,
 * as pusher-js expects): same-origin check, then the session's claims or null. The claims are
 * not yet checked against the database: lib/realtime/authorize.ts does that in its own query.
 */
export function withCaller<P = Record<string, string>>(
  handler: (request: Request, context: Context<P> & { claims: SessionClaims | null }) => Promise<Response>,
) {
  return route<P>(async (request, context) => {
    assertSameOrigin(request);
    return handler(request, { ...context, claims: await readSessionClaims() });
  });
}

interface RoomContextRow extends RoomRecord {
  sessionCurrent: boolean;
  userName: string | null;
  role: Role | null;
  banned: boolean;
  channelKey: string;
}

/**
 * The room, the caller's role and ban in it, and (given the session's claims) whether the session
 * still stands: one statement, one round trip, always one row. Hand-written SQL because this runs
 * on every request that touches a room: Prisma's nested select sends one query per relation and
 * assembles them in JavaScript, which bench:auth showed as the largest cost after Next.js itself.
 */
async function queryRoomContext({
  userId,
  where,
  session,
}: {
  userId: string;
  where: { id: string } | { slug: string };
  session?: SessionClaims;
}): Promise<{ sessionCurrent: boolean; userName: string | null; loaded: LoadedRoom | null }> {
  const match = "id" in where ? Prisma.sql`r."id" = ${where.id}` : Prisma.sql`r."slug" = ${where.slug}`;
  const current = session ? sessionIsCurrentSql(session) : Prisma.sql`true`;
  const userName = session ? sessionUserNameSql(session) : Prisma.sql`NULL::text`;
  const rows = await prisma.$queryRaw<(Omit<RoomContextRow, "id"> & { id: string | null })[]>`
    SELECT ${current} AS "sessionCurrent", ${userName} AS "userName",
           r."id", r."slug", r."name", r."description", r."visibility"::text AS "visibility", r."kind"::text AS "kind", r."channelKey",
           m."role"::text AS "role", (b."userId" IS NOT NULL) AS "banned"
    FROM (SELECT 1) AS one
    LEFT JOIN "Room" r ON ${match}
    LEFT JOIN "Membership" m ON m."roomId" = r."id" AND m."userId" = ${userId}
    LEFT JOIN "Ban" b ON b."roomId" = r."id" AND b."userId" = ${userId}`;
  const row = rows[0];
  if (!row) return { sessionCurrent: false, userName: null, loaded: null };
  const { sessionCurrent, userName: storedName, role, banned, channelKey, id, ...rest } = row;
  if (id === null) return { sessionCurrent, userName: storedName, loaded: null };
  const room: RoomRecord = { id, slug: rest.slug, name: rest.name, description: rest.description, visibility: rest.visibility, kind: rest.kind };
  return { sessionCurrent, userName: storedName, loaded: { room, context: { kind: room.kind, visibility: room.visibility, role, banned, channelKey } } };
}

/** The room (by id or slug) and the caller's relation to it, for a caller whose session is already checked (pages, withUser routes). */
export async function loadRoomContext({ userId, where }: { userId: string; where: { id: string } | { slug: string } }): Promise<LoadedRoom | null> {
  return (await queryRoomContext({ userId, where })).loaded;
}

/**
 * The caller's context in many rooms at once and whether their session stands (one statement),
 * for batch channel authorization.
 */
export async function loadRoomContexts({ session, roomIds }: { session: SessionClaims; roomIds: string[] }): Promise<{ sessionCurrent: boolean; user: SessionUser; contexts: Map<string, RoomContext> }> {
  const rows = await prisma.$queryRaw<{ sessionCurrent: boolean; userName: string | null; id: string | null; kind: RoomKind; visibility: Visibility; role: Role | null; channelKey: string }[]>`
    SELECT ${sessionIsCurrentSql(session)} AS "sessionCurrent", ${sessionUserNameSql(session)} AS "userName", r."id", r."kind"::text AS "kind", r."visibility"::text AS "visibility", r."channelKey", m."role"::text AS "role"
    FROM (SELECT 1) AS one
    LEFT JOIN "Room" r ON r."id" = ANY(${roomIds}::text[])
    LEFT JOIN "Membership" m ON m."roomId" = r."id" AND m."userId" = ${session.user.id}`;
  const contexts = new Map<string, RoomContext>();
  for (const r of rows) if (r.id !== null) contexts.set(r.id, { kind: r.kind, visibility: r.visibility, role: r.role, channelKey: r.channelKey });
  return { sessionCurrent: rows[0]?.sessionCurrent === true, user: withStoredName(session, rows[0]?.userName), contexts };
}

/** Throws the policy's refusal as the one error type; returns when allowed. */
export function enforce(decision: Decision): void {
  if (!decision.allow) throw new AppError(decision.code, decision.reason);
}

/** Loads the room (by id or slug) and enforces `action` on it for `user`, whose session the door has checked; returns the room. */
export async function authorizeRoomAction({ user, where, action }: { user: SessionUser; where: { id: string } | { slug: string }; action: Action }): Promise<LoadedRoom> {
  const loaded = await loadRoomContext({ userId: user.id, where });
  enforce(decide({ caller: { userId: user.id }, room: loaded?.context ?? null, action }));
  return loaded!;
}
