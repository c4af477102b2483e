import "server-only";
import { decide, type Action, type Caller, type Decision, type Role, type RoomContext, type Visibility } from "@/lib/authz/policy";
import { prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, route } from "@/lib/http";
import { getSessionUser, requireApiUser } from "@/lib/session";
import type { SessionUser } from "@/lib/users";

// The one door into everything that needs a user or a room: it loads the caller and their
// membership once and asks the pure policy (lib/authz/policy.ts). Handlers never query
// memberships for authorization themselves.

type Context<P> = { params: Promise<P> };

const idPattern = /^[a-z0-9]{1,64}$/;

/**
 * Route handler door: same-origin check on writes, a signed-in user (else 401), and the route's
 * `*Id` segments checked once (a malformed id is a 404, like one that does not exist).
 */
export function withUser<P extends Record<string, string> = Record<string, string>>(
  handler: (request: Request, context: { ids: P; user: SessionUser }) => Promise<Response>,
) {
  return route<P>(async (request, context) => {
    if (request.method !== "GET" && request.method !== "HEAD") assertSameOrigin(request);
    const user = await requireApiUser();
    const ids = ((await context.params) ?? {}) as P;
    for (const [key, value] of Object.entries(ids)) {
      if (key.endsWith("Id") && !idPattern.test(value)) throw new AppError("not_found", "Not found.");
    }
    return handler(request, { ids, user });
  });
}

/**
 * Door for endpoints whose refusals the policy shapes itself (the Pusher auth endpoints answer
 * 403, never 401, as pusher-js expects): same-origin check, then the user or null.
 */
export function withCaller<P = Record<string, string>>(
  handler: (request: Request, context: Context<P> & { user: SessionUser | null }) => Promise<Response>,
) {
  return route<P>(async (request, context) => {
    assertSameOrigin(request);
    return handler(request, { ...context, user: await getSessionUser() });
  });
}

export interface RoomRecord {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: "PUBLIC" | "PRIVATE";
}

interface RoomContextRow extends RoomRecord {
  role: Role | null;
  banned: boolean;
}

/**
 * The room and the caller's role and ban in it: one statement, one round trip. Hand-written SQL
 * because this runs on every request that touches a room: Prisma's nested select sends one query
 * per relation and assembles them in JavaScript, which bench:auth showed as the largest cost
 * after Next.js itself.
 */
export async function loadRoomContext({ userId, where }: { userId: string; where: { id: string } | { slug: string } }) {
  const match = "id" in where ? Prisma.sql`r."id" = ${where.id}` : Prisma.sql`r."slug" = ${where.slug}`;
  const rows = await prisma.$queryRaw<RoomContextRow[]>`
    SELECT r."id", r."slug", r."name", r."description", r."visibility"::text AS "visibility",
           m."role"::text AS "role", (b."userId" IS NOT NULL) AS "banned"
    FROM "Room" r
    LEFT JOIN "Membership" m ON m."roomId" = r."id" AND m."userId" = ${userId}
    LEFT JOIN "Ban" b ON b."roomId" = r."id" AND b."userId" = ${userId}
    WHERE ${match}`;
  const row = rows[0];
  if (!row) return null;
  const { role, banned, ...room } = row;
  const context: RoomContext = { visibility: room.visibility, role, banned };
  return { room, context };
}

/** The caller's context in many rooms at once (one statement), for batch channel authorization. */
export async function loadRoomContexts({ userId, roomIds }: { userId: string; roomIds: string[] }): Promise<Map<string, RoomContext>> {
  if (roomIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ id: string; visibility: Visibility; role: Role | null }[]>`
    SELECT r."id", r."visibility"::text AS "visibility", m."role"::text AS "role"
    FROM "Room" r
    LEFT JOIN "Membership" m ON m."roomId" = r."id" AND m."userId" = ${userId}
    WHERE r."id" = ANY(${roomIds}::text[])`;
  return new Map(rows.map((r) => [r.id, { visibility: r.visibility, role: r.role }]));
}

/** Throws the policy's refusal as the one error type; returns when allowed. */
export function enforce(decision: Decision): void {
  if (!decision.allow) throw new AppError(decision.code, decision.reason);
}

/** Loads the room (by id or slug) and enforces `action` on it for `user`; returns the room. */
export async function authorizeRoomAction({
  user,
  where,
  action,
}: {
  user: SessionUser;
  where: { id: string } | { slug: string };
  action: Action;
}): Promise<{ room: RoomRecord; context: RoomContext }> {
  const loaded = await loadRoomContext({ userId: user.id, where });
  const caller: Caller = { userId: user.id };
  enforce(decide({ caller, room: loaded?.context ?? null, action }));
  return loaded!;
}
