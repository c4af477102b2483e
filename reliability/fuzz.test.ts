// Property-based fuzzing of every API route (Parley's own and next-auth's) against the production
// build: fast-check generates at least 10,000 malformed requests — any method, ids real or junk,
// bodies of every shape and size under every content type, odd query strings, cookies and
// origins — and every answer must be below 500 and free of stack traces and internal details.
// Every kind of bad answer is reported with the variables that replay it — FUZZ_SEED, FUZZ_PATH
// (the batch of 8 requests) and FUZZ_FOCUS (the request in it) — and a replay shrinks it.
// FUZZ_RUNS changes the number of batches.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import fc from "fast-check";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../bench/lib/fixtures";
import { api, seedRoom, seedUsers, start, type BenchUser, type SeededRoom, type Stack } from "./support";

const batchSize = 8;
const batches = Number(process.env.FUZZ_RUNS ?? Math.ceil(10_000 / batchSize));
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const replayPath = process.env.FUZZ_PATH;
const focus = process.env.FUZZ_FOCUS === undefined ? undefined : Number(process.env.FUZZ_FOCUS);
/** Where the stack's logs go too: the full list of bad answers is written there. */
const reportDir = path.join(import.meta.dirname, "../test-results");
/** Seeded memberships, bans, messages and invitations are restored this often (in batches), so ids stay meaningful. */
const restoreEvery = 25;

interface FuzzRequest {
  method: string;
  /** The route template, for the histogram. */
  route: string;
  /** Path and query exactly as sent: possibly malformed. */
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

interface FuzzResponse {
  status: number;
  contentType: string;
  text: string;
}

interface Fixtures {
  /** Owner of `rooms[0]` and member of `rooms[1]`; member of both (owner of `rooms[1]`); in neither. */
  users: [BenchUser, BenchUser, BenchUser];
  /** A private room and a public one. */
  rooms: [SeededRoom, SeededRoom];
  messageIds: string[];
  invitationIds: string[];
  /** A finished upload in the private room (not sent), by the owner. */
  attachmentIds: string[];
  inviteToken: string;
  auditIds: string[];
  /** A history cursor as the API hands them out. */
  cursor: string;
  csrf: { token: string; cookie: string };
  /** Session cookies that must not sign anyone in: another secret, expired, truncated, tampered. */
  badSessions: string[];
  /** Whose session a sign-out ends: requests that end sessions carry theirs instead of the three above. */
  victim: BenchUser;
}

let stack: Stack;
let fx: Fixtures;
let sent = 0;
let fuzzSeconds = 0;
const statuses = new Map<number, number>();
const byRoute = new Map<string, Map<number, number>>();
/** Bad answers by kind (see failureKind): how many, the first one, and how to replay it. */
const failures = new Map<string, { count: number; example: string; replay: string }>();

beforeAll(async () => {
  fs.rmSync(path.join(reportDir, "fuzz-failures.txt"), { force: true });
  stack = await start();
  fx = await seedFixtures(stack);
});

afterAll(async () => {
  agent.destroy();
  await stack?.close();
  const histogram = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
  const routes = [...byRoute]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, counts]) => `  ${route.padEnd(48)} ${[...counts].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ")}`);
  console.log(`fuzz: ${sent} requests in ${fuzzSeconds.toFixed(1)} s (seed ${seed}), statuses ${JSON.stringify(histogram)}; refused by Next.js itself before the app (TRACE, malformed %-escapes): ${frameworkRefusals}\n${routes.join("\n")}`);
});

describe("API fuzzing", () => {
  it("every API route answers 10,000 malformed requests without a 5xx, a stack trace or an internal detail", async () => {
    const request = requestArbitrary(fx, stack);
    console.log(`fuzz: seed ${seed}${replayPath ? `, replaying ${replayPath}` : ""}`);
    let runs = 0;
    // A replay shrinks towards the same kind of bad answer as the one reported (FUZZ_FOCUS: its place in the batch).
    let target: string | undefined;
    const fuzzStarted = performance.now();
    const details = await fc.check(
      fc.asyncProperty(fc.array(request, { minLength: batchSize, maxLength: batchSize }), async (requests) => {
        const run = runs++;
        if (run % restoreEvery === 0) await restoreFixtures(stack, fx);
        const results = await Promise.all(requests.map(async (req) => ({ req, res: await send(stack, req) })));
        for (const [index, { req, res }] of results.entries()) {
          record(req, res);
          const problems = problemsWith(req, res);
          if (problems.length === 0) continue;
          // The whole run goes on, so that one bug does not hide the others; a replay shrinks it.
          const kind = failureKind(req, res, problems);
          const known = failures.get(kind);
          if (known) known.count++;
          else failures.set(kind, { count: 1, example: describeExchange(req, res, problems), replay: `FUZZ_SEED=${seed} FUZZ_PATH=${run} FUZZ_FOCUS=${index}` });
          if (replayPath) {
            if (run === 0 && (focus === undefined || focus === index)) target ??= kind;
            if (kind === target) throw new Error(`${kind}\n${describeExchange(req, res, problems)}`);
          }
        }
      }),
      // Only a replay shrinks (each step is up to 8 more requests); a plain run reports at once.
      { numRuns: batches, seed, ...(replayPath ? { path: replayPath, interruptAfterTimeLimit: 10 * 60_000 } : { endOnFailure: true }) },
    );
    fuzzSeconds = (performance.now() - fuzzStarted) / 1000;
    if (details.failed) {
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`${await fc.asyncDefaultReportMessage(details)}\nGot: ${cause}`);
    }
    if (failures.size > 0) {
      const report = [...failures].map(([kind, f]) => `${kind}: ${f.count}×, e.g. (replay: ${f.replay})\n${f.example}`);
      const text = `${failures.size} kinds of bad answers:\n\n${report.join("\n\n")}`;
      fs.writeFileSync(path.join(reportDir, "fuzz-failures.txt"), `${text}\n`);
      throw new Error(text);
    }
    if (!process.env.FUZZ_RUNS) expect(sent).toBeGreaterThanOrEqual(10_000);
  }, 20 * 60_000);
});

// ---------------------------------------------------------------------------------------------
// What counts as a bad answer

/** Signs of internals: stack frames, module paths, Prisma, system error codes, JS error names. */
const leakPattern =
  /\n\s+at \S+ \(|\bat async\b|node_modules|prisma|\.tsx?:\d+|\.m?js:\d+:\d+|ECONN[A-Z]+|ENOENT|EPIPE|Error: |invalid `|\b(?:Type|Syntax|Range|Reference)Error\b|Unexpected token|\/tmp\/|\/work\/|\/home\/|\bSELECT\b.+\bFROM\b|\bduplicate key\b|\bviolates\b/gi;

// next-auth's own answer to an action it does not have (GET /api/auth/nonsense): a 400 that names the
// library but nothing of this deployment. Anything else from next-auth is held to the same rules.
const nextAuthUnknownAction = /^Error: This action with HTTP [A-Z]+ is not supported by NextAuth\.js$/;

/**
 * Requests Next.js's own server refuses with a bare 500 before any Parley code runs (no route,
 * proxy or handler sees them): the TRACE method and a path with a malformed %-escape. Vercel's
 * edge answers them itself (405 / 400) before they reach the app. Counted and printed, not
 * failed; everything else is held to the rules below.
 */
let frameworkRefusals = 0;
function refusedByFramework(req: FuzzRequest, res: FuzzResponse): boolean {
  const pathname = req.path.split("?")[0] ?? "";
  const framework = req.method === "TRACE" || pathname.split("/").some((segment) => !decodes(segment));
  return framework && res.status === 500 && (res.text === "" || res.text === "Internal Server Error");
}

function problemsWith(req: FuzzRequest, res: FuzzResponse): string[] {
  if (refusedByFramework(req, res)) {
    frameworkRefusals++;
    return [];
  }
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`status ${res.status}`);
  // A field or value the request itself sent may come back (room names, "Unknown field" errors): not a leak.
  const sentText = requestText(req).toLowerCase();
  const shown = res.status === 400 && nextAuthUnknownAction.test(res.text) ? "" : res.text;
  const leaks = [...shown.matchAll(leakPattern)].map((m) => m[0]).filter((m) => !sentText.includes(m.toLowerCase()));
  if (leaks.length > 0) problems.push(`body shows internals: ${JSON.stringify([...new Set(leaks)].slice(0, 5))}`);
  if (res.status >= 400 && req.method !== "HEAD" && res.contentType.includes("json") && !isErrorBody(res.text)) problems.push("JSON error body is not {error: {code, message}}");
  return problems;
}

/** Groups bad answers by what came back and, for the causes that hit every route alike, by that cause. */
function failureKind(req: FuzzRequest, res: FuzzResponse, problems: string[]): string {
  const causes: string[] = [];
  if (req.method === "TRACE") causes.push("TRACE method");
  const pathname = req.path.split("?")[0] ?? "";
  if (pathname.split("/").some((segment) => !decodes(segment))) causes.push("malformed %-escape in the path");
  const what = `${problems.map((p) => p.replace(/:.*/, "")).join(" + ")}: ${res.status} ${preview(res.text, 90)}`;
  return `${what} — ${causes.length > 0 ? causes.join(", ") : `${req.method} ${req.route}`}`;
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

function isErrorBody(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; fields?: unknown } };
    const error = body?.error;
    return typeof error === "object" && error !== null && typeof error.code === "string" && typeof error.message === "string" && (error.fields === undefined || typeof error.fields === "object");
  } catch {
    return false;
  }
}

function requestText(req: FuzzRequest): string {
  const body = req.body === null ? "" : typeof req.body === "string" ? req.body : Buffer.from(req.body).toString("utf8");
  let decodedPath = req.path;
  try {
    decodedPath = decodeURIComponent(req.path.replaceAll("+", " "));
  } catch {
    // Malformed on purpose.
  }
  let decodedBody = body;
  try {
    decodedBody = `${body} ${JSON.stringify(JSON.parse(body))} ${[...new URLSearchParams(body).entries()].flat().join(" ")}`;
  } catch {
    decodedBody = `${body} ${[...new URLSearchParams(body).entries()].flat().join(" ")}`;
  }
  return [req.path, decodedPath, ...Object.values(req.headers), decodedBody].join("\n");
}

function describeExchange(req: FuzzRequest, res: FuzzResponse, problems: string[]): string {
  const body = req.body === null ? "(none)" : typeof req.body === "string" ? preview(req.body, 400) : `${req.body.length} bytes: ${Buffer.from(req.body).toString("hex").slice(0, 200)}`;
  return [
    `${problems.join("; ")}`,
    `request: ${req.method} ${preview(req.path, 400)}   (route ${req.route})`,
    `  headers: ${JSON.stringify(req.headers, (_k, v: unknown) => (typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}… (${v.length} chars)` : v))}`,
    `  body: ${body}`,
    `response: ${res.status} ${res.contentType}`,
    `  body: ${preview(res.text, 1_500)}`,
  ].join("\n");
}

const preview = (text: string, max: number) => (text.length > max ? `${JSON.stringify(text.slice(0, max))}… (${text.length} chars)` : JSON.stringify(text));

function record(req: FuzzRequest, res: FuzzResponse): void {
  sent++;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const counts = byRoute.get(req.route) ?? new Map<number, number>();
  counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
  byRoute.set(req.route, counts);
}

// ---------------------------------------------------------------------------------------------
// Sending: node:http, so that paths go out exactly as generated (fetch would normalize `..` and
// percent-encoding) and GET may carry a body.

const agent = new http.Agent({ keepAlive: true, maxSockets: batchSize });

async function send(target: Stack, req: FuzzRequest, retried = false): Promise<FuzzResponse> {
  try {
    return await sendOnce(target, req);
  } catch (error) {
    const { code, reused } = error as { code?: string; reused?: boolean };
    // A kept-alive socket the server closed just before it was reused: Node's documented retry.
    if (reused && !retried) return send(target, req, true);
    // Node's HTTP server answers 431 to a request head over 16 KiB and closes the connection; if
    // that happens while the body is still being written, the client sees only the reset.
    if ((code === "ECONNRESET" || code === "EPIPE") && headBytes(req) > maxHeadBytes) return { status: 431, contentType: "", text: "" };
    throw error;
  }
}

const maxHeadBytes = 16 * 1024;
const headBytes = (req: FuzzRequest) => Buffer.byteLength(req.path) + Object.entries(req.headers).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v, "latin1") + 4, 0);

function sendOnce(target: Stack, req: FuzzRequest): Promise<FuzzResponse> {
  const url = new URL(target.baseUrl);
  const body = req.body === null ? null : Buffer.from(req.body);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        agent,
        timeout: 30_000,
        // Some answers echo the request into their headers (next-auth's redirects): read them whole.
        maxHeaderSize: 1024 * 1024,
        headers: { ...req.headers, ...(body && { "content-length": String(body.length) }) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, contentType: String(response.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within 30 s to ${req.method} ${preview(req.path, 200)}`)));
    outgoing.on("error", (error: Error) => {
      const code = (error as NodeJS.ErrnoException).code;
      reject(Object.assign(new Error(`${req.method} ${preview(req.path, 200)} failed: ${error.message}`), { code, reused: outgoing.reusedSocket && code === "ECONNRESET" }));
    });
    outgoing.end(body ?? undefined);
  });
}

// ---------------------------------------------------------------------------------------------
// The stack's data: users with sessions, two rooms, messages, invitations, an audit trail.

async function seedFixtures(target: Stack): Promise<Fixtures> {
  const [owner, member, outsider, victim] = await seedUsers(target.databaseUrl, target.secret, 4, "fuzz");
  if (!owner || !member || !outsider || !victim) throw new Error("seedUsers returned fewer users");
  const privateRoom = await seedRoom(target.databaseUrl, [owner, member], "Fuzz private");
  const publicRoom = await seedRoom(target.databaseUrl, [member, owner], "Fuzz public");
  await withDb(target.databaseUrl, (db) => db.query(`UPDATE "Room" SET visibility = 'PUBLIC' WHERE id = $1`, [publicRoom.id]));

  const expectOk = async (user: BenchUser, path: string, init: RequestInit = {}) => {
    const res = await api(target, user, path, init);
    if (res.status >= 300) throw new Error(`seeding ${path} answered ${res.status}: ${res.text}`);
    return res.body as Record<string, { id: string; url?: string; createdAt?: string } | { id: string }[] | undefined>;
  };
  const post = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });
  const first = (await expectOk(member, `/api/rooms/${privateRoom.id}/messages`, post({ body: "seed message", clientId: "fuzzseed0001" }))).message as { id: string; createdAt: string };
  const second = (await expectOk(member, `/api/rooms/${publicRoom.id}/messages`, post({ body: "seed message", clientId: "fuzzseed0002" }))).message as { id: string };
  const third = (await expectOk(owner, `/api/rooms/${privateRoom.id}/messages`, post({ body: "seed message", clientId: "fuzzseed0003" }))).message as { id: string };
  const upload = (await expectOk(owner, `/api/rooms/${privateRoom.id}/attachments`, post({ name: "seed.txt", size: 5 }))).attachment as { id: string };
  const put = await fetch(`${target.baseUrl}/api/rooms/${privateRoom.id}/attachments/${upload.id}/content`, { method: "PUT", headers: { cookie: owner.cookie }, body: "seed\n" });
  if (put.status !== 204) throw new Error(`seeding the upload's bytes answered ${put.status}`);
  await expectOk(owner, `/api/rooms/${privateRoom.id}/attachments/${upload.id}/complete`, { method: "POST" });
  const link = (await expectOk(owner, `/api/rooms/${privateRoom.id}/invitations`, post({ expiresInHours: 24, maxUses: 1000 }))).invitation as { id: string; url: string };
  const personal = (await expectOk(owner, `/api/rooms/${privateRoom.id}/invitations`, post({ email: outsider.email }))).invitation as { id: string };
  const audit = (await expectOk(owner, `/api/rooms/${privateRoom.id}/audit-log`)).entries as { id: string }[];

  const csrfResponse = await fetch(`${target.baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const csrfCookie = csrfResponse.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

  const claims = { sub: owner.id, uid: owner.id, name: owner.name, email: owner.email };
  const ownerToken = owner.cookie.slice(owner.cookie.indexOf("=") + 1);
  const badSessions = [
    `next-auth.session-token=${await encode({ token: claims, secret: "not-the-app-secret-not-the-app-secret" })}`,
    `next-auth.session-token=${await encode({ token: claims, secret: target.secret, maxAge: -60 })}`,
    `next-auth.session-token=${ownerToken.slice(0, -10)}`,
    `next-auth.session-token=${ownerToken.slice(0, 40)}x${ownerToken.slice(41)}`,
    `__Secure-next-auth.session-token=${ownerToken}`,
    `next-auth.session-token.0=${ownerToken.slice(0, 100)}; next-auth.session-token.1=${ownerToken.slice(100)}`,
    `next-auth.session-token=`,
    `next-auth.session-token=${ownerToken}; next-auth.session-token=garbage`,
  ];

  return {
    users: [owner, member, outsider],
    rooms: [privateRoom, publicRoom],
    messageIds: [first.id, second.id, third.id],
    invitationIds: [link.id, personal.id],
    attachmentIds: [upload.id],
    inviteToken: link.url.slice(link.url.lastIndexOf("/") + 1),
    auditIds: audit.map((e) => e.id),
    cursor: Buffer.from(`${first.createdAt}|${first.id}`).toString("base64url"),
    csrf: { token: csrfToken, cookie: csrfCookie },
    badSessions,
    victim,
  };
}

/** Puts the seeded rooms back as they were (the fuzzer may have left, banned, revoked or deleted), and forgets rate limits. */
async function restoreFixtures(target: Stack, { users: [owner, member], rooms, messageIds, invitationIds }: Fixtures): Promise<void> {
  const [privateRoom, publicRoom] = rooms;
  const roomIds = [privateRoom.id, publicRoom.id];
  await withDb(target.databaseUrl, async (db) => {
    await db.query(`DELETE FROM "Membership" WHERE "roomId" = ANY($1)`, [roomIds]);
    await db.query(`DELETE FROM "Ban" WHERE "roomId" = ANY($1)`, [roomIds]);
    await db.query(`INSERT INTO "Membership" ("roomId", "userId", role) SELECT r, u, x::"Role" FROM unnest($1::text[], $2::text[], $3::text[]) AS t(r, u, x)`, [
      [privateRoom.id, privateRoom.id, publicRoom.id, publicRoom.id],
      [owner.id, member.id, member.id, owner.id],
      ["OWNER", "MEMBER", "OWNER", "MEMBER"],
    ]);
    await db.query(`UPDATE "Room" SET visibility = (CASE WHEN id = $1 THEN 'PRIVATE' ELSE 'PUBLIC' END)::"RoomVisibility" WHERE id = ANY($2)`, [privateRoom.id, roomIds]);
    await db.query(`UPDATE "Message" SET "deletedAt" = NULL, "editedAt" = NULL, body = 'seed message' WHERE id = ANY($1)`, [messageIds]);
    await db.query(`UPDATE "Invitation" SET uses = 0, "revokedAt" = NULL, "declinedAt" = NULL WHERE id = ANY($1)`, [invitationIds]);
    await db.query(`DELETE FROM rate_limit`);
  });
}

// ---------------------------------------------------------------------------------------------
// Arbitraries. One request in three is chaos (any method, path, body and headers); two are
// nearly right — a member's session, the route's own method, a well-formed body or query with one
// field broken — so that validation, authorization and the database are reached too.

const allMethods = ["GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"] as const;

type Fields = Record<string, unknown>;

interface RouteSpec {
  template: string;
  methods: string[];
  /** Well-formed bodies (for the nearly-right requests), and how they are sent. */
  bodies?: Fields[];
  form?: boolean;
  /** Well-formed query strings. */
  queries?: Record<string, string>[];
}

/** Every route in docs/api.md and app/api (next-auth's actions one by one), with well-formed calls; `{junk}` matches none. */
function routeSpecs(f: Fixtures): RouteSpec[] {
  const [owner, member, outsider] = f.users;
  const room = f.rooms[0].id;
  const channels = f.rooms[0].channels;
  const credentials = { csrfToken: f.csrf.token, email: owner.email, password: "wrong password", json: "true", callbackUrl: "/" };
  return [
    { template: "/api/health", methods: ["GET"] },
    { template: "/api/register", methods: ["POST"], bodies: [{ name: "Fuzzer", email: "fuzz@example.com", password: "password123" }] },
    { template: "/api/auth/{nextauth}", methods: ["GET", "POST"] },
    { template: "/api/auth/csrf", methods: ["GET"] },
    { template: "/api/auth/session", methods: ["GET", "POST"], bodies: [{ csrfToken: f.csrf.token, data: "{}" }], form: true },
    { template: "/api/auth/providers", methods: ["GET"] },
    { template: "/api/auth/signin", methods: ["GET"], queries: [{ callbackUrl: "/" }, { error: "CredentialsSignin" }] },
    { template: "/api/auth/signin/credentials", methods: ["POST"], bodies: [{ csrfToken: f.csrf.token, callbackUrl: "/", json: "true" }], form: true },
    { template: "/api/auth/callback/credentials", methods: ["POST"], bodies: [credentials, { ...credentials, email: member.email.toUpperCase() }], form: true },
    { template: "/api/auth/signout", methods: ["GET", "POST"], bodies: [{ csrfToken: f.csrf.token, callbackUrl: "/", json: "true" }], form: true },
    { template: "/api/auth/error", methods: ["GET"], queries: [{ error: "Configuration" }] },
    { template: "/api/pusher/auth", methods: ["POST"], form: true, bodies: [{ socket_id: "123.456", channel_name: channels.messages }, { socket_id: "123.456", channel_name: channels.presence }, { socket_id: "1.2", channel_names: [channels.messages, `private-room-${room}`, `#server-to-user-${owner.id}`, "public-lobby"] }] },
    { template: "/api/pusher/user-auth", methods: ["POST"], form: true, bodies: [{ socket_id: "123.456" }] },
    { template: "/api/rooms", methods: ["GET", "POST"], bodies: [{ name: "Fuzz room", description: "made by the fuzzer", visibility: "PUBLIC" }, { name: "Fuzz room" }] },
    { template: "/api/rooms/public", methods: ["GET"] },
    { template: "/api/rooms/{roomId}", methods: ["GET", "PATCH"], bodies: [{ name: "Renamed", description: "new", visibility: "PRIVATE" }, { description: "" }] },
    { template: "/api/rooms/{roomId}/join", methods: ["POST"] },
    { template: "/api/rooms/{roomId}/membership", methods: ["DELETE"] },
    { template: "/api/rooms/{roomId}/messages", methods: ["GET", "POST"], bodies: [{ body: "hello", clientId: "{clientId}" }, { body: "a reply", clientId: "{clientId}", parentId: f.messageIds[0] }], queries: [{ before: f.cursor }, { before: f.cursor, limit: "10" }, { limit: "100" }] },
    { template: "/api/rooms/{roomId}/messages/{messageId}", methods: ["PATCH", "DELETE"], bodies: [{ body: "edited" }] },
    { template: "/api/rooms/{roomId}/members", methods: ["GET"] },
    { template: "/api/rooms/{roomId}/members/{userId}", methods: ["PATCH", "DELETE"], bodies: [{ role: "ADMIN" }, { role: "MEMBER" }], queries: [{ ban: "true" }] },
    { template: "/api/rooms/{roomId}/bans", methods: ["GET"] },
    { template: "/api/rooms/{roomId}/bans/{userId}", methods: ["DELETE"] },
    { template: "/api/rooms/{roomId}/invitations", methods: ["GET", "POST"], bodies: [{ expiresInHours: 24, maxUses: 10 }, { expiresInHours: "720", maxUses: null }, { email: outsider.email }, { email: "someone@example.com" }] },
    { template: "/api/rooms/{roomId}/invitations/{invitationId}", methods: ["DELETE"] },
    { template: "/api/rooms/{roomId}/ownership", methods: ["POST"], bodies: [{ userId: member.id }] },
    { template: "/api/rooms/{roomId}/channels", methods: ["GET"] },
    { template: "/api/rooms/{roomId}/audit-log", methods: ["GET"], queries: [{ before: f.auditIds[0] ?? "x", limit: "5" }, { limit: "100" }] },
    { template: "/api/rooms/{roomId}/messages/{messageId}/reactions", methods: ["PUT"], bodies: [{ emoji: "👍", reacted: true }, { emoji: "👍", reacted: false }, { emoji: "🎉", reacted: true }] },
    { template: "/api/rooms/{roomId}/messages/{messageId}/replies", methods: ["GET"], queries: [{ limit: "5" }, { after: f.messageIds[2] ?? "" }] },
    { template: "/api/rooms/{roomId}/attachments", methods: ["POST"], bodies: [{ name: "a.txt", size: 10 }, { name: "../../etc/passwd", size: 1 }, { name: "big.bin", size: 1e12 }] },
    { template: "/api/rooms/{roomId}/attachments/{attachmentId}", methods: ["GET", "DELETE"], queries: [{ variant: "thumbnail" }, { variant: "original" }] },
    { template: "/api/rooms/{roomId}/attachments/{attachmentId}/content", methods: ["PUT"], bodies: [{ bytes: "hello" }] },
    { template: "/api/rooms/{roomId}/attachments/{attachmentId}/complete", methods: ["POST"] },
    { template: "/api/search", methods: ["GET"], queries: [{ q: "seed" }, { q: "seed from:me in:general before:2026-01-01" }, { q: "seed", limit: "5" }] },
    { template: "/api/rooms/{roomId}/read", methods: ["POST"], bodies: [{ messageId: f.messageIds[0] }, { messageId: f.messageIds[1] }] },
    { template: "/api/conversations", methods: ["POST"], bodies: [{ userIds: [member.id] }, { userIds: [member.id, outsider.id] }, { userIds: [owner.id] }] },
    { template: "/api/conversations/{roomId}/members", methods: ["POST"], bodies: [{ userId: outsider.id }, { userId: member.id }] },
    { template: "/api/people", methods: ["GET"], queries: [{ q: "fuzz" }, { q: "" }, { q: "%_" }] },
    { template: "/api/mentions", methods: ["GET"], queries: [{ limit: "5" }, { before: f.cursor }] },
    { template: "/api/account", methods: ["PATCH"], bodies: [{ name: "Fuzzed name" }, { name: "  " }] },
    { template: "/api/account/password", methods: ["POST"], bodies: [{ currentPassword: "wrong password", newPassword: "another long password" }, { newPassword: "short" }] },
    { template: "/api/account/notifications", methods: ["PATCH"], bodies: [{ level: "ALL" }, { level: "MENTIONS" }, { level: "NOTHING" }] },
    { template: "/api/rooms/{roomId}/mute", methods: ["PUT"], bodies: [{ muted: true }, { muted: false }] },
    { template: "/api/users/{userId}", methods: ["GET"] },
    { template: "/api/users/{userId}/block", methods: ["PUT", "DELETE"] },
    { template: "/api/push/config", methods: ["GET"] },
    { template: "/api/push/subscriptions", methods: ["POST", "DELETE"], bodies: [{ endpoint: "https://push.example.com/abc", keys: { p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM", auth: "tBHItJI5svbpez7KI4CCXg" } }, { endpoint: "http://169.254.169.254/latest" }] },
    { template: "/api/pusher/webhooks", methods: ["POST"], bodies: [{ time_ms: 1, events: [{ name: "member_added", channel: channels.presence, user_id: owner.id }] }] },
    { template: "/api/invitations", methods: ["GET"] },
    { template: "/api/account/sign-out-everywhere", methods: ["POST"] },
    { template: "/api/invitations/accept", methods: ["POST"], bodies: [{ token: f.inviteToken }] },
    { template: "/api/invitations/{invitationId}/accept", methods: ["POST"] },
    { template: "/api/invitations/{invitationId}/decline", methods: ["POST"] },
    { template: "/api/{junk}", methods: ["GET", "POST"] },
    { template: "/api/rooms/{roomId}/{junk}", methods: ["GET", "POST"] },
  ];
}

const nextAuthActions = [
  "csrf", "session", "providers", "signin", "signin/credentials", "signin/github", "callback/credentials", "callback/github",
  "callback/email", "signout", "error", "error/Configuration", "verify-request", "_log", "webauthn-options", "session/extra",
];

/** Strings that have broken parsers, databases and validators before. None contains a leak marker. */
const nastyStrings = [
  "", " ", "\t", "\n", "\r\n", "\u0000", "a\u0000b", "\uD800", "\uDFFFx", "\u202Eevil", "\u2066x\u2069", "\uFEFF", "\u00A0", "ｆｕｌｌ",
  "😀", "😀".repeat(2001), "x".repeat(4000), "x".repeat(4001), " ".repeat(5000), "a".repeat(64), "a".repeat(65), "A".repeat(20),
  "null", "undefined", "true", "0", "-1", "1e309", "9".repeat(400), "NaN", "Infinity", "[]", "{}", "__proto__", "constructor",
  "toString", "hasOwnProperty", "' OR '1'='1", "'; DROP TABLE \"User\"; --", "$1", "%s%s%n", "${7*7}", "{{7*7}}", "<script>alert(1)</script>",
  "../../etc/passwd", "..\\..\\windows", "%00", "%ZZ", "a@b.c", "a@b", "@", "user@example.com\u0000", "x@x.x".padStart(260, "x"),
  "1.1", "123.456", "99999999999999999999.1", "private-room-", "presence-room-x", "private-encrypted-room-", "#server-to-user-",
  "ADMIN", "OWNER", "MEMBER", "admin", "PUBLIC", "PRIVATE", "2020-01-01T00:00:00.000Z", "http://evil.example", "//evil.example", "javascript:alert(1)",
];
/** Characters that strings meet least often: controls, lone surrogates, bidi overrides, noncharacters (NUL thrice: PostgreSQL text cannot hold it). */
const oddChars = ["\u0000", "\u0000", "\u0000", "\u0001", "\u001f", "\u007f", "\uD800", "\uDC00", "\u202E", "\u2028", "\uFFFE", "\uFFFF", "\u{10FFFF}", "\r", "\\", "\"", "'", "%", "|"];

function requestArbitrary(fixtures: Fixtures, target: Stack): fc.Arbitrary<FuzzRequest> {
  const [owner, member, outsider] = fixtures.users;
  const userIds = fixtures.users.map((u) => u.id);
  const roomIds = fixtures.rooms.map((r) => r.id);
  const realIds = [...userIds, ...roomIds, ...fixtures.messageIds, ...fixtures.invitationIds, ...fixtures.attachmentIds];
  const specs = routeSpecs(fixtures);

  const printable = fc.string({ maxLength: 40 });
  // Anything a header may carry (Node refuses control characters other than tab).
  const headerText = fc.oneof(printable, fc.string({ unit: "binary-ascii", maxLength: 80 }).map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, "")));
  const withOddChar = fc.tuple(printable, fc.constantFrom(...oddChars), printable).map(([a, c, b]) => a + c + b);
  const anyText = fc.oneof(
    { weight: 3, arbitrary: printable },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 40 }) },
    { weight: 3, arbitrary: withOddChar },
    { weight: 2, arbitrary: fc.constantFrom(...nastyStrings) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  );

  // Path segments: a real id, a well-formed unknown one, or junk (sent encoded, or as raw as HTTP allows).
  const junkSegment = fc.oneof(
    fc.tuple(anyText, fc.boolean()).map(([s, raw]) => encodePart(s, raw)),
    fc.string({ minLength: 65, maxLength: 5_000 }).map((s) => encodePart(s, false)),
    fc.constantFrom("..", "../..", "%2e%2e", "%2E%2E%2F%2E%2E", "..%2f..%2fetc%2fpasswd", "%2F", "%00", "%", "%ZZ", "%E0%A4%A", "%C0%AE", "%FF%FE", "%252e", ".", "~", ";", "a;b=c", "*", "-", "_"),
  );
  const id = (mine: string[], junkWeight: number) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...mine) },
      { weight: 1, arbitrary: fc.constantFrom(...realIds, ...fixtures.rooms.map((r) => r.slug)) },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]{1,64}$/) },
      { weight: junkWeight, arbitrary: junkSegment },
    );
  const params = (junkWeight: number) =>
    fc.record({
      roomId: id(roomIds, junkWeight),
      messageId: id(fixtures.messageIds, junkWeight),
      userId: id(userIds, junkWeight),
      invitationId: id(fixtures.invitationIds, junkWeight),
      attachmentId: id(fixtures.attachmentIds, junkWeight),
      nextauth: fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...nextAuthActions) },
        { weight: 2, arbitrary: fc.array(junkSegment, { minLength: 1, maxLength: 3 }).map((s) => s.join("/")) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...nextAuthActions), junkSegment).map(([a, j]) => `${a}/${j}`) },
      ),
      junk: fc.oneof(junkSegment, fc.array(junkSegment, { minLength: 2, maxLength: 4 }).map((s) => s.join("/"))),
    });

  // History cursors: the real one, ones that decode to odd dates and ids, and plain garbage.
  const dateText = fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom("-271821-04-20T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "0000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2020-02-30", "0", "1e20", "Tue", ""),
    printable,
  );
  const cursor = fc.oneof(
    fc.constant(fixtures.cursor),
    {
      weight: 3,
      arbitrary: fc.tuple(dateText, fc.oneof(fc.constantFrom(...fixtures.messageIds), anyText), fc.constantFrom("", "|x", "||")).map(([d, i, extra]) => Buffer.from(`${d}|${i}${extra}`).toString("base64url")),
    },
    fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString("base64url")),
    fc.base64String({ maxLength: 80 }),
  );
  const queryValue = fc.oneof(
    fc.constantFrom("true", "false", "TRUE", "1", "0", "-1", "100", "101", "1.5", "1e2", "0x10", "NaN", "Infinity", "", "null", "[]", " 5 ", "99999999999999999999"),
    cursor,
    fc.constantFrom(...fixtures.auditIds, ...realIds),
    anyText,
    fc.string({ minLength: 200, maxLength: 3_000 }),
  );
  const queryKey = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom("before", "limit", "ban", "callbackUrl", "error", "csrf", "json", "token", "provider", "redirect", "before[]", "limit[0]") },
    { weight: 1, arbitrary: anyText },
  );
  const toQuery = (pairs: [string, string, boolean][]) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v, raw]) => `${encodePart(k, raw)}=${encodePart(v, raw)}`).join("&")}`);
  const query = fc.array(fc.tuple(queryKey, queryValue, fc.boolean()), { maxLength: 4 }).map(toQuery);

  const sessions = [owner.cookie, member.cookie, outsider.cookie];
  const cookie = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...sessions) },
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...fixtures.badSessions) },
    { weight: 1, arbitrary: headerText.map((t) => `next-auth.session-token=${t}`) },
    { weight: 1, arbitrary: headerText },
    { weight: 1, arbitrary: fc.constantFrom(...sessions, "").map((c) => (c ? `${c}; ${fixtures.csrf.cookie}` : fixtures.csrf.cookie)) },
  );
  const origin = fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: fc.constant(target.baseUrl) },
    { weight: 1, arbitrary: fc.constantFrom("https://evil.example", "null", "http://127.0.0.1", `${target.baseUrl}/`, "file://", "http://[::1", "://", `${target.baseUrl}.evil.example`) },
    { weight: 1, arbitrary: headerText },
  );
  const contentTypes = [
    "application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded", "text/plain", "text/plain;charset=UTF-8",
    "multipart/form-data; boundary=fuzz", "multipart/form-data", "application/octet-stream", "APPLICATION/JSON", "*/*", "",
    "application/x-www-form-urlencoded; application/json", "application/json; application/x-www-form-urlencoded", "application/jsonx", "text/json",
  ];

  // Field values: wrong types, odd strings, real ids of the wrong kind, long arrays.
  const fieldNames = [
    "body", "clientId", "name", "description", "visibility", "email", "password", "role", "userId", "token", "socket_id", "channel_name",
    "channel_names", "expiresInHours", "maxUses", "csrfToken", "callbackUrl", "json", "redirect", "__proto__", "constructor",
  ];
  const channelName = fc.oneof(
    fc.tuple(fc.constantFrom("private-room-", "presence-room-", "private-encrypted-room-", "#server-to-user-", "private-", "presence-", ""), fc.oneof(fc.constantFrom(...realIds), anyText)).map(([p, s]) => p + s),
    anyText,
  );
  const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: anyText },
    { weight: 1, arbitrary: fc.constantFrom(...realIds, fixtures.inviteToken, owner.email, outsider.email, member.email.toUpperCase()) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 720, 721, 1000, 1001, 2 ** 53, -0, 1e308)) },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
    { weight: 1, arbitrary: fc.array(fc.oneof(channelName, fc.jsonValue({ maxDepth: 2 })), { maxLength: 120 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: channelName },
  );

  type Body = { payload: string | Uint8Array | null; natural: string | undefined };
  const encodeFields = (value: Fields, as: "json" | "form" | "text"): Body => {
    if (as === "json") return { payload: serialize(value), natural: "application/json" };
    const form = new URLSearchParams(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : serialize(v)])).toString();
    return { payload: form, natural: as === "form" ? "application/x-www-form-urlencoded" : "text/plain" };
  };
  /** A well-formed body with one thing wrong (or nothing: the success paths must hold up too). */
  const clientId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);
  const mutated = (skeletons: Fields[], value: fc.Arbitrary<unknown>) =>
    fc
      .tuple(fc.constantFrom(...skeletons), fc.constantFrom("replace", "replace", "replace", "replace", "delete", "add", "none"), fc.nat(), fc.constantFrom(...fieldNames), value, clientId)
      .map(([skeleton, how, pick, extraName, v, cid]) => {
        const fields: Fields = Object.fromEntries(Object.entries(skeleton).map(([k, x]) => [k, x === "{clientId}" ? cid : x]));
        const keys = Object.keys(fields);
        const key = keys[pick % Math.max(1, keys.length)];
        if (how === "replace" && key !== undefined) fields[key] = v;
        else if (how === "delete" && key !== undefined) delete fields[key];
        else if (how === "add") fields[extraName] = v;
        return fields;
      });

  const genericFields = [{}, ...specs.flatMap((s) => s.bodies ?? [])];
  const structured = fc.tuple(mutated(genericFields, fieldValue), fc.constantFrom("json" as const, "form" as const, "text" as const)).map(([fields, as]) => encodeFields(fields, as));
  const json = (payload: fc.Arbitrary<string>) => payload.map((p): Body => ({ payload: p, natural: "application/json" }));
  const invalidJson = fc.oneof(
    fc.constantFrom(
      "{", "[", '{"body":', '{"body":"x",}', "{'body':'x'}", "NaN", "undefined", "\uFEFF{}", '{"a":1}{"b":2}', '"just a string"', "123", "null", "true", "[]",
      '{"body":"\\ud800","clientId":"fuzzclient02"}', '{"body":"a\\u0000b","clientId":"fuzzclient03"}', '{"name":"\\u0000"}', '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"x":1}}}', '{"body":1e999}', '{"limit":-0}', "\u0000", '{"body":"x"', "\x1f\x8b\x08",
    ),
    fc.tuple(fc.json(), fc.nat()).map(([j, n]) => j.slice(0, n % Math.max(1, j.length))),
    printable,
  );
  const huge = fc
    .tuple(fc.oneof(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom(64 * 1024 - 20, 64 * 1024, 64 * 1024 + 1)), fc.constantFrom("body", "name", "raw", "email", "token", "channel_names"))
    .map(([n, field]): Body => {
      if (field === "raw") return { payload: "x".repeat(n), natural: undefined };
      if (field === "channel_names") return { payload: JSON.stringify({ socket_id: "1.1", channel_names: Array.from({ length: Math.floor(n / 20) }, (_, i) => `private-room-${i}`) }), natural: "application/json" };
      return { payload: JSON.stringify({ [field]: "x".repeat(n), clientId: "fuzzclient04" }), natural: "application/json" };
    });
  const deep = fc.tuple(fc.integer({ min: 10, max: 30_000 }), fc.constantFrom("array", "object", "field")).map(([depth, shape]): Body => {
    if (shape === "array") return { payload: "[".repeat(depth) + "]".repeat(depth), natural: "application/json" };
    if (shape === "object") return { payload: '{"a":'.repeat(depth) + "1" + "}".repeat(depth), natural: "application/json" };
    return { payload: `{"body":${"[".repeat(depth)}${"]".repeat(depth)},"clientId":"fuzzclient05"}`, natural: "application/json" };
  });
  const multipart = fc.tuple(fc.constantFrom("fuzz", "other"), fc.constantFrom(...fieldNames), anyText, fc.boolean()).map(([boundary, name, value, closed]): Body => ({
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n${closed ? `--${boundary}--\r\n` : ""}`,
    natural: "multipart/form-data; boundary=fuzz",
  }));
  const body: fc.Arbitrary<Body> = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Body>({ payload: null, natural: undefined }) },
    { weight: 6, arbitrary: structured },
    { weight: 2, arbitrary: json(fc.json({ maxDepth: 4 })) },
    { weight: 1, arbitrary: json(fc.json({ maxDepth: 3, stringUnit: "binary" })) },
    { weight: 1, arbitrary: json(fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true }).map(serialize)) },
    { weight: 2, arbitrary: json(invalidJson) },
    { weight: 1, arbitrary: huge },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b): Body => ({ payload: b, natural: "application/octet-stream" })) },
    { weight: 1, arbitrary: multipart },
  );
  const contentType = fc.oneof(
    { weight: 4, arbitrary: fc.constant("natural" as const) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constantFrom(...contentTypes) },
    { weight: 1, arbitrary: headerText },
  );
  const extraHeaders = fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          "x-socket-id": fc.oneof(fc.constantFrom("123.456", "1.1", ""), headerText),
          "x-forwarded-for": fc.oneof(fc.ipV4(), fc.ipV6(), headerText),
          "x-forwarded-host": fc.oneof(fc.constantFrom("evil.example", new URL(target.baseUrl).host), headerText),
          accept: fc.constantFrom("text/html", "application/json", "*/*", "text/x-component", "garbage"),
          rsc: fc.constant("1"),
          "next-router-prefetch": fc.constant("1"),
        },
        { requiredKeys: [] },
      ),
    },
  );

  const fill = (template: string, p: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => p[name] ?? name);
  // Signing out ends a session for good (lib/sign-out.ts): those requests spend the victim's, so the
  // other sessions keep reaching the signed-in code paths for the whole run.
  const endsSessions = (path: string) => /^\/api\/(auth\/signout|account\/sign-out-everywhere|account\/password)/.test(path);
  const build = (method: string, template: string, path: string, headers: Record<string, string | undefined>, payload: string | Uint8Array | null): FuzzRequest => {
    if (endsSessions(path) && headers.cookie) headers = { ...headers, cookie: sessions.reduce((c, session) => c.split(session).join(fixtures.victim.cookie), headers.cookie) };
    const defined = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
    if (payload === null) delete defined["content-type"];
    return { method, route: template, path, headers: defined, body: payload };
  };

  // Chaos: anything goes, on any route.
  const method = (spec: RouteSpec) =>
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...spec.methods) }, { weight: 2, arbitrary: fc.constantFrom(...allMethods) }, { weight: 1, arbitrary: fc.constantFrom("TRACE", "PROPFIND", "PURGE") });
  // (One arbitrary per route, built once: fast-check's chain would rebuild them for every request.)
  const chaosParams = params(4);
  const chaos = fc.oneof(
    ...specs.map((spec) =>
      fc
        .record({ method: method(spec), params: chaosParams, query, cookie, origin, body, contentType, extraHeaders, bodyless: fc.boolean() })
        .map(({ method: verb, params: p, query: q, cookie: c, origin: o, body: b, contentType: ct, extraHeaders: extra, bodyless }) => {
          // GET and HEAD usually come without a body (but not always: the server must cope).
          const payload = (verb === "GET" || verb === "HEAD") && bodyless ? null : b.payload;
          return build(verb, spec.template, fill(spec.template, p) + q, { ...extra, cookie: c, origin: o, "content-type": ct === "natural" ? b.natural : ct }, payload);
        }),
    ),
  );

  // Nearly right: a signed-in caller (usually), the route's method, its own body or query with one thing wrong.
  const queryFieldValue = fc.oneof({ weight: 3, arbitrary: cursor }, { weight: 1, arbitrary: queryValue });
  const nearValue = fc.oneof(
    { weight: 4, arbitrary: withOddChar },
    { weight: 2, arbitrary: fc.tuple(printable, printable).map(([a, b]) => `${a}\u0000${b}`) },
    { weight: 3, arbitrary: fc.constantFrom(...nastyStrings) },
    { weight: 3, arbitrary: anyText },
    { weight: 3, arbitrary: fieldValue },
  );
  const nearParams = params(1);
  const signedIn = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...sessions) }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...sessions).map((c) => `${c}; ${fixtures.csrf.cookie}`) });
  const nearlyRight = fc.oneof(
    ...specs
      .filter((s) => !s.template.includes("{junk}"))
      .map((spec) =>
        fc
          .record({
            method: fc.constantFrom(...spec.methods),
            params: nearParams,
            cookie: signedIn,
            origin: fc.constantFrom(undefined, target.baseUrl),
            fields: mutated(spec.bodies ?? [{}], nearValue),
            asForm: fc.boolean(),
            query: spec.queries
              ? mutated(spec.queries, queryFieldValue).map((q) => toQuery(Object.entries(q).map(([k, v]): [string, string, boolean] => [k, typeof v === "string" ? v : serialize(v), false])))
              : fc.constantFrom("", "?limit=5"),
          })
          .map(({ method: verb, params: p, cookie: c, origin: o, fields, asForm, query: q }) => {
            const sendsBody = verb !== "GET" && verb !== "HEAD" && spec.bodies !== undefined;
            const encoded = encodeFields(fields, spec.form && asForm ? "form" : "json");
            const headers = { cookie: c, origin: o, "content-type": encoded.natural };
            return build(verb, spec.template, fill(spec.template, p) + q, headers, sendsBody ? encoded.payload : null);
          }),
      ),
  );

  return fc.oneof({ weight: 1, arbitrary: chaos }, { weight: 2, arbitrary: nearlyRight });
}

/** Percent-encodes what HTTP cannot carry raw (controls, spaces, non-ASCII); unless `raw`, URL syntax too. */
function encodePart(value: string, raw: boolean): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const char = String.fromCharCode(byte);
    const keep = raw ? byte > 0x20 && byte < 0x7f : /[A-Za-z0-9\-._~]/.test(char);
    out += keep ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** JSON for anything fast-check makes (bigints, maps, sets included); what JSON cannot say becomes its String(). */
function serialize(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Map || v instanceof Set ? [...v] : v));
    return text ?? String(value);
  } catch {
    return "[unserializable]";
  }
}
