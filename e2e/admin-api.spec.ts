import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createRoom, disposePersonas, persona, roomChannels, type Persona } from "./support";

test.afterAll(disposePersonas);

// ---------------------------------------------------------------------------------------------
// Helpers

interface InvitationRow {
  id: string;
  kind: "link" | "email";
  state: "valid" | "expired" | "revoked" | "declined" | "used_up";
  email: string | null;
  uses: number;
}
interface EmailInvitation {
  id: string;
  email: string;
  emailed: boolean;
  url: string | null;
  expiresAt: string;
}
interface MemberRow {
  id: string;
  name: string;
  role: "OWNER" | "ADMIN" | "MEMBER";
}
interface BanRow {
  id: string;
  name: string;
  bannedBy: string | null;
}
interface AuditEntry {
  id: string;
  action: string;
  actor: { id: string; name: string } | null;
  target: { id: string; name: string | null } | null;
  details: unknown;
  createdAt: string;
}
interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}
interface RoomBody {
  room: { id: string; slug: string; name: string; description: string; visibility: string; role: string | null };
}

const codeFor: Record<number, string> = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 422: "unprocessable" };

/** Asserts the status and, for a refusal, the one error body shape with the matching code. */
async function expectStatus(response: APIResponse, status: number, label = ""): Promise<void> {
  const text = await response.text();
  expect(response.status(), `${label} ${response.url()} → ${text}`).toBe(status);
  if (status >= 400) {
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(body.error.code, label).toBe(codeFor[status]);
    expect(body.error.message, label).toEqual(expect.any(String));
  }
}

async function json<T>(response: APIResponse, status = 200): Promise<T> {
  await expectStatus(response, status);
  return (await response.json()) as T;
}

async function makeLink(admin: Persona, roomId: string, data: Record<string, unknown> = { expiresInHours: 24 }) {
  const { invitation } = await json<{ invitation: { id: string; url: string } }>(await admin.api.post(`/api/rooms/${roomId}/invitations`, { data }), 201);
  return { id: invitation.id, token: invitation.url.split("/invite/")[1]! };
}

const accept = (who: Persona, token: unknown) => who.api.post("/api/invitations/accept", { data: { token } });
const members = async (viewer: Persona, roomId: string) => (await json<{ members: MemberRow[] }>(await viewer.api.get(`/api/rooms/${roomId}/members`))).members;
const roleOf = async (viewer: Persona, roomId: string, who: Persona) => (await members(viewer, roomId)).find((m) => m.id === who.user.id)?.role ?? null;
const bans = async (viewer: Persona, roomId: string) => (await json<{ bans: BanRow[] }>(await viewer.api.get(`/api/rooms/${roomId}/bans`))).bans;
const invitations = async (viewer: Persona, roomId: string) =>
  (await json<{ invitations: InvitationRow[] }>(await viewer.api.get(`/api/rooms/${roomId}/invitations`))).invitations;
const pending = async (who: Persona) =>
  (await json<{ invitations: { id: string; room: { id: string }; invitedBy: string | null; expiresAt: string }[] }>(await who.api.get("/api/invitations"))).invitations;
const auditLog = async (viewer: Persona, roomId: string, query = "") => json<AuditPage>(await viewer.api.get(`/api/rooms/${roomId}/audit-log${query}`));
/** Whether `who` is signed the room's current messages channel (its name as a member, `asSeenBy`, knows it). */
const roomChannelStatus = async (who: Persona, roomId: string, asSeenBy: Persona) =>
  (await who.api.post("/api/pusher/auth", { form: { socket_id: "1.2", channel_name: (await roomChannels(asSeenBy, roomId)).messages } })).status();
const unknownEmail = () => `nobody-${randomBytes(4).toString("hex")}@example.test`;

// ---------------------------------------------------------------------------------------------
// 1. Every caller kind × every admin action

const callerKinds = ["signed out", "non-member", "MEMBER", "ADMIN", "OWNER"] as const;
type CallerKind = (typeof callerKinds)[number];

/** Everyone in a caller kind's room: the callers, and one target per action so the actions don't interfere. */
const cast = [
  "owner",
  "admin",
  "member",
  /** Never joins: the non-member. */
  "outsider",
  "removable",
  "removableAdmin",
  "bannable",
  /** Banned when the room is set up: the unban target. */
  "banned",
  /** A MEMBER: the promote target, then the transfer target. */
  "promotable",
  "demotable",
] as const;
type Cast = Record<(typeof cast)[number], Persona>;

interface Fixture extends Cast {
  roomId: string;
  roomName: string;
  /** The unlimited link everyone joined through; the revoke target. */
  link: { id: string; token: string };
}

const signUpCast = async () => Object.fromEntries(await Promise.all(cast.map(async (name) => [name, await persona(name)] as const))) as Cast;

/** A fresh private room where the cast are an owner, three admins, four members, one banned user and one outsider. */
async function setUpRoom(people: Cast): Promise<Fixture> {
  const { owner } = people;
  const room = await createRoom(owner, "PRIVATE");
  const link = await makeLink(owner, room.id);
  const joiners = cast.filter((name) => name !== "owner" && name !== "outsider").map((name) => people[name]);
  for (const response of await Promise.all(joiners.map((who) => accept(who, link.token)))) await expectStatus(response, 200, "setup join");
  const admins = [people.admin, people.removableAdmin, people.demotable];
  const promotions = await Promise.all(admins.map((who) => owner.api.patch(`/api/rooms/${room.id}/members/${who.user.id}`, { data: { role: "ADMIN" } })));
  for (const response of promotions) await expectStatus(response, 200, "setup promote");
  await expectStatus(await owner.api.delete(`/api/rooms/${room.id}/members/${people.banned.user.id}?ban=true`), 204, "setup ban");
  const { room: details } = await json<RoomBody>(await owner.api.get(`/api/rooms/${room.id}`));
  return { ...people, roomId: room.id, roomName: details.name, link };
}

/** Signed out and non-members are refused everything (401, and 404 for a private room); the rest differ by role. */
const statuses = (member: number, admin: number, owner: number): Record<CallerKind, number> => ({
  "signed out": 401,
  "non-member": 404,
  MEMBER: member,
  ADMIN: admin,
  OWNER: owner,
});

interface AdminAction {
  name: string;
  expected: Record<CallerKind, number>;
  run: (caller: APIRequestContext, f: Fixture) => Promise<APIResponse>;
  /** Checked from the (original) owner's side: the change is there when the call succeeded, and absent when it was refused. */
  verify: (f: Fixture, succeeded: boolean, response: APIResponse) => Promise<void>;
}

// Run in this order against one room: the transfer comes last because it demotes a successful caller.
const adminActions: AdminAction[] = [
  {
    name: "create a link invitation",
    expected: statuses(403, 201, 201),
    run: (caller, f) => caller.post(`/api/rooms/${f.roomId}/invitations`, { data: { expiresInHours: 24 } }),
    verify: async (f, succeeded, response) => {
      const links = (await invitations(f.owner, f.roomId)).filter((i) => i.kind === "link");
      if (!succeeded) return expect(links.map((i) => i.id)).toEqual([f.link.id]);
      const { invitation } = (await response.json()) as { invitation: { id: string; url: string; maxUses: number | null } };
      expect(invitation.url).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
      expect(invitation.maxUses).toBeNull();
      expect(links.find((i) => i.id === invitation.id)).toMatchObject({ state: "valid", uses: 0 });
    },
  },
  {
    name: "list invitations",
    expected: statuses(403, 200, 200),
    run: (caller, f) => caller.get(`/api/rooms/${f.roomId}/invitations`),
    verify: async (f, succeeded, response) => {
      if (!succeeded) return;
      const text = await response.text();
      expect(text).not.toContain(f.link.token);
      const listed = (JSON.parse(text) as { invitations: InvitationRow[] }).invitations;
      expect(listed.find((i) => i.id === f.link.id)).toMatchObject({ kind: "link", state: "valid", uses: cast.length - 2 });
    },
  },
  {
    name: "revoke an invitation",
    expected: statuses(403, 204, 204),
    run: (caller, f) => caller.delete(`/api/rooms/${f.roomId}/invitations/${f.link.id}`),
    verify: async (f, succeeded) => {
      expect((await invitations(f.owner, f.roomId)).find((i) => i.id === f.link.id)?.state).toBe(succeeded ? "revoked" : "valid");
    },
  },
  {
    name: "invite by email",
    expected: statuses(403, 201, 201),
    run: (caller, f) => caller.post(`/api/rooms/${f.roomId}/invitations`, { data: { email: `table-${f.roomId}@example.test` } }),
    verify: async (f, succeeded, response) => {
      const email = `table-${f.roomId}@example.test`;
      const listed = (await invitations(f.owner, f.roomId)).filter((i) => i.email === email);
      if (!succeeded) return expect(listed).toEqual([]);
      expect(await response.json()).toMatchObject({ invitation: { email, emailed: false } });
      expect(listed).toEqual([expect.objectContaining({ kind: "email", state: "valid" })]);
    },
  },
  {
    name: "remove a MEMBER",
    expected: statuses(403, 204, 204),
    run: (caller, f) => caller.delete(`/api/rooms/${f.roomId}/members/${f.removable.user.id}`),
    verify: async (f, succeeded) => {
      expect(await roleOf(f.owner, f.roomId, f.removable)).toBe(succeeded ? null : "MEMBER");
      expect((await bans(f.owner, f.roomId)).map((b) => b.id)).not.toContain(f.removable.user.id);
    },
  },
  {
    name: "remove an ADMIN",
    expected: statuses(403, 403, 204),
    run: (caller, f) => caller.delete(`/api/rooms/${f.roomId}/members/${f.removableAdmin.user.id}`),
    verify: async (f, succeeded) => expect(await roleOf(f.owner, f.roomId, f.removableAdmin)).toBe(succeeded ? null : "ADMIN"),
  },
  {
    // For the owner this is themself: leaving has its own route, so 409.
    name: "remove the OWNER",
    expected: statuses(403, 403, 409),
    run: (caller, f) => caller.delete(`/api/rooms/${f.roomId}/members/${f.owner.user.id}`),
    verify: async (f) => expect(await roleOf(f.owner, f.roomId, f.owner)).toBe("OWNER"),
  },
  {
    name: "ban a MEMBER",
    expected: statuses(403, 204, 204),
    run: (caller, f) => caller.delete(`/api/rooms/${f.roomId}/members/${f.bannable.user.id}?ban=true`),
    verify: async (f, succeeded) => {
      expect(await roleOf(f.owner, f.roomId, f.bannable)).toBe(succeeded ? null : "MEMBER");
      const banned = (await bans(f.owner, f.roomId)).find((b) => b.id === f.bannable.user.id);
      if (succeeded) expect(banned).toMatchObject({ name: f.bannable.user.name });
      else expect(banned).toBeUndefined();
      // The ban keeps them out: the link they joined through refuses them (403, whether or not it was revoked above).
      if (succeeded) expect((await accept(f.bannable, f.link.token)).status()).toBe(403);
    },
  },
  {
    name: "list bans",
    expected: statuses(403, 200, 200),
    run: (caller, f) => caller.get(`/api/rooms/${f.roomId}/bans`),
    verify: async (f, succeeded, response) => {
      if (!succeeded) return;
      const listed = ((await response.json()) as { bans: BanRow[] }).bans;
      expect(listed).toContainEqual({ id: f.banned.user.id, name: f.banned.user.name, bannedBy: f.owner.user.name, bannedAt: expect.any(String) });
    },
  },
  {
    name: "unban",
    expected: statuses(403, 204, 204),
    run: (caller, f) => caller.delete(`/api/rooms/${f.roomId}/bans/${f.banned.user.id}`),
    verify: async (f, succeeded) => {
      expect((await bans(f.owner, f.roomId)).some((b) => b.id === f.banned.user.id)).toBe(!succeeded);
    },
  },
  {
    name: "promote a MEMBER to ADMIN",
    expected: statuses(403, 403, 200),
    run: (caller, f) => caller.patch(`/api/rooms/${f.roomId}/members/${f.promotable.user.id}`, { data: { role: "ADMIN" } }),
    verify: async (f, succeeded, response) => {
      if (succeeded) expect(await response.json()).toEqual({ member: { id: f.promotable.user.id, role: "ADMIN" } });
      expect(await roleOf(f.owner, f.roomId, f.promotable)).toBe(succeeded ? "ADMIN" : "MEMBER");
    },
  },
  {
    name: "demote an ADMIN to MEMBER",
    expected: statuses(403, 403, 200),
    run: (caller, f) => caller.patch(`/api/rooms/${f.roomId}/members/${f.demotable.user.id}`, { data: { role: "MEMBER" } }),
    verify: async (f, succeeded) => expect(await roleOf(f.owner, f.roomId, f.demotable)).toBe(succeeded ? "MEMBER" : "ADMIN"),
  },
  {
    name: "edit settings",
    expected: statuses(403, 200, 200),
    run: (caller, f) => caller.patch(`/api/rooms/${f.roomId}`, { data: { name: `Renamed ${f.roomId}` } }),
    verify: async (f, succeeded, response) => {
      const expectedName = succeeded ? `Renamed ${f.roomId}` : f.roomName;
      if (succeeded) expect(((await response.json()) as RoomBody).room).toMatchObject({ id: f.roomId, name: expectedName, visibility: "PRIVATE" });
      expect((await json<RoomBody>(await f.owner.api.get(`/api/rooms/${f.roomId}`))).room.name).toBe(expectedName);
    },
  },
  {
    name: "view the audit log",
    expected: statuses(403, 200, 200),
    run: (caller, f) => caller.get(`/api/rooms/${f.roomId}/audit-log`),
    verify: async (f, succeeded, response) => {
      if (!succeeded) return;
      const { entries } = (await response.json()) as AuditPage;
      // At least the setup's link, three promotions and the ban.
      expect(entries.length).toBeGreaterThanOrEqual(5);
      expect(entries.map((e) => e.action)).toContain("MEMBER_BANNED");
    },
  },
  {
    name: "transfer ownership",
    expected: statuses(403, 403, 200),
    run: (caller, f) => caller.post(`/api/rooms/${f.roomId}/ownership`, { data: { userId: f.promotable.user.id } }),
    verify: async (f, succeeded, response) => {
      const roles = new Map((await members(f.owner, f.roomId)).map((m) => [m.id, m.role]));
      if (!succeeded) {
        expect(roles.get(f.owner.user.id)).toBe("OWNER");
        expect([...roles.values()].filter((r) => r === "OWNER")).toHaveLength(1);
        return;
      }
      expect(await response.json()).toEqual({ owner: { id: f.promotable.user.id, name: f.promotable.user.name } });
      expect(roles.get(f.promotable.user.id)).toBe("OWNER");
      expect(roles.get(f.owner.user.id)).toBe("ADMIN");
      // The old owner is now an admin: no longer allowed to change roles.
      expect((await f.owner.api.patch(`/api/rooms/${f.roomId}/members/${f.demotable.user.id}`, { data: { role: "ADMIN" } })).status()).toBe(403);
    },
  },
];

test.describe("room admin API: every caller × every action", () => {
  // One worker signs the cast up once (accounts are most of the cost); every caller kind gets its own room.
  test.describe.configure({ mode: "default" });
  let people: Cast;
  test.beforeAll(async () => {
    people = await signUpCast();
  });

  for (const kind of callerKinds) {
    test(`${kind} caller: each admin action answers as the policy says, and only allowed ones take effect`, async () => {
      const f = await setUpRoom(people);
      const signedOut = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
      try {
        const caller = { "signed out": signedOut, "non-member": f.outsider.api, MEMBER: f.member.api, ADMIN: f.admin.api, OWNER: f.owner.api }[kind];
        for (const action of adminActions) {
          const status = action.expected[kind];
          const response = await action.run(caller, f);
          await expectStatus(response, status, `${kind} ${action.name}:`);
          await action.verify(f, status < 300, response);
        }
      } finally {
        await signedOut.dispose();
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Email invitations

test.describe("email invitations", () => {
  test("an address with an account gets the same answer as one without; only its owner sees it, and accepting joins and opens the room's channels", async () => {
    const [owner, invitee, stranger] = await Promise.all([persona("owner"), persona("invitee"), persona("stranger")]);
    const room = await createRoom(owner, "PRIVATE");
    const invite = (email: string) => owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { email } });

    const withAccount = await json<{ invitation: EmailInvitation }>(await invite(invitee.user.email), 201);
    const without = await json<{ invitation: EmailInvitation }>(await invite(unknownEmail()), 201);
    expect(Object.keys(withAccount.invitation).sort()).toEqual(Object.keys(without.invitation).sort());
    expect(withAccount.invitation).toMatchObject({ email: invitee.user.email, emailed: false, url: expect.stringContaining("/invite/") });
    for (const text of [JSON.stringify(withAccount), JSON.stringify(await invitations(owner, room.id)), JSON.stringify(await auditLog(owner, room.id))]) {
      expect(text).not.toContain(invitee.user.id);
      expect(text).not.toContain(invitee.user.name);
    }
    expect((await invitations(owner, room.id)).map((i) => i.kind)).toEqual(["email", "email"]);

    // Two admins (or a double click) at once, and in another letter case: one invitation stays pending.
    const racing = await Promise.all([invite(invitee.user.email), invite(` ${invitee.user.email.toUpperCase()} `)]);
    expect(racing.map((r) => r.status())).toEqual([201, 201]);
    const valid = (await invitations(owner, room.id)).filter((i) => i.email === invitee.user.email && i.state === "valid");
    expect(valid).toHaveLength(1);
    const id = valid[0]!.id;

    expect(await pending(invitee)).toEqual([{ id, room: expect.objectContaining({ id: room.id }), invitedBy: owner.user.name, expiresAt: expect.any(String) }]);
    expect(await pending(stranger)).toEqual([]);
    await expectStatus(await stranger.api.post(`/api/invitations/${id}/accept`), 404);
    await expectStatus(await stranger.api.post(`/api/invitations/${id}/decline`), 404);
    await expectStatus(await stranger.api.get(`/api/rooms/${room.id}`), 404);

    expect(await roomChannelStatus(invitee, room.id, owner)).toBe(403);
    const accepted = await json<{ room: { id: string }; joined: boolean }>(await invitee.api.post(`/api/invitations/${id}/accept`));
    expect(accepted).toMatchObject({ room: { id: room.id }, joined: true });
    expect(await roomChannelStatus(invitee, room.id, owner)).toBe(200);
    expect(await roleOf(owner, room.id, invitee)).toBe("MEMBER");
    expect(await pending(invitee)).toEqual([]);
    expect((await invitations(owner, room.id)).find((i) => i.id === id)).toMatchObject({ state: "used_up", uses: 1 });
    // Accepting twice is harmless: still a member, nothing joined.
    expect(await json(await invitee.api.post(`/api/invitations/${id}/accept`))).toMatchObject({ joined: false });
    // Now a member: inviting the address again answers as always, and nothing reaches their home page.
    expect(Object.keys((await json<{ invitation: EmailInvitation }>(await invite(invitee.user.email), 201)).invitation).sort()).toEqual(Object.keys(without.invitation).sort());
    expect(await pending(invitee)).toEqual([]);
  });

  test("a declined invitation can't be accepted afterwards; a member's or banned person's address answers like any other, and the ban holds", async () => {
    const [owner, decliner, member, banned] = await Promise.all([persona("owner"), persona("decliner"), persona("member"), persona("banned")]);
    const room = await createRoom(owner, "PRIVATE");
    const link = await makeLink(owner, room.id);
    await expectStatus(await accept(member, link.token), 200);
    await expectStatus(await accept(banned, link.token), 200);
    await expectStatus(await owner.api.delete(`/api/rooms/${room.id}/members/${banned.user.id}?ban=true`), 204);
    const invite = (email: string) => owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { email } });

    const { invitation } = await json<{ invitation: EmailInvitation }>(await invite(decliner.user.email), 201);
    expect((await pending(decliner)).map((i) => i.id)).toEqual([invitation.id]);
    await expectStatus(await decliner.api.post(`/api/invitations/${invitation.id}/decline`), 204);
    expect(await pending(decliner)).toEqual([]);
    await expectStatus(await decliner.api.post(`/api/invitations/${invitation.id}/decline`), 204);
    await expectStatus(await decliner.api.post(`/api/invitations/${invitation.id}/accept`), 409);
    expect(await roleOf(owner, room.id, decliner)).toBeNull();
    expect((await invitations(owner, room.id)).find((i) => i.id === invitation.id)).toMatchObject({ state: "declined" });
    const declinedEntries = (await auditLog(owner, room.id)).entries.filter((e) => e.action === "INVITATION_DECLINED");
    expect(declinedEntries).toEqual([expect.objectContaining({ actor: { id: decliner.user.id, name: decliner.user.name } })]);
    // After a decline a fresh invitation can be sent.
    await expectStatus(await invite(decliner.user.email), 201);
    expect(await pending(decliner)).toHaveLength(1);
    // Joining some other way meanwhile (here the room's link) takes it off their pending list.
    await expectStatus(await accept(decliner, link.token), 200);
    expect(await pending(decliner)).toEqual([]);

    for (const who of [member, banned]) {
      const answer = await json<{ invitation: EmailInvitation }>(await invite(who.user.email), 201);
      expect(answer.invitation).toMatchObject({ email: who.user.email, emailed: false, url: expect.stringContaining("/invite/") });
      expect(await pending(who)).toEqual([]);
      if (who === banned) {
        // Even handed the link, a banned person stays out.
        const refused = await accept(banned, answer.invitation.url!.split("/invite/")[1]);
        await expectStatus(refused, 403);
        expect(await roleOf(owner, room.id, banned)).toBeNull();
      }
    }
  });

  test("invitations are limited per inviter: the 51st in an hour answers 429 with Retry-After, and other admins are unaffected", async () => {
    const [owner, admin] = await Promise.all([persona("owner"), persona("admin")]);
    const room = await createRoom(owner, "PUBLIC");
    await expectStatus(await admin.api.post(`/api/rooms/${room.id}/join`), 200);
    await expectStatus(await owner.api.patch(`/api/rooms/${room.id}/members/${admin.user.id}`, { data: { role: "ADMIN" } }), 200);
    for (let i = 0; i < 50; i++) await expectStatus(await owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { expiresInHours: 1 } }), 201, `invitation ${i + 1}`);
    const limited = await owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { email: unknownEmail() } });
    expect(limited.status()).toBe(429);
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("rate_limited");
    await expectStatus(await admin.api.post(`/api/rooms/${room.id}/invitations`, { data: { email: unknownEmail() } }), 201);
  });

  test("an unknown address gets a single-use link that one new user can accept; an invalid address is 422", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner, "PRIVATE");
    const email = unknownEmail();
    const { invitation } = await json<{ invitation: { id: string; email: string; emailed: boolean; url: string } }>(
      await owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { email } }),
      201,
    );
    expect(invitation).toMatchObject({ email, emailed: false, url: expect.stringContaining("/invite/") });
    const token = invitation.url.split("/invite/")[1]!;
    expect((await invitations(owner, room.id)).find((i) => i.id === invitation.id)).toMatchObject({ kind: "email", email, state: "valid" });
    expect(JSON.stringify(await invitations(owner, room.id))).not.toContain(token);

    // Registered after the invitation was sent: a newcomer, not a pending invitee.
    const [newcomer, second] = await Promise.all([persona("newcomer"), persona("second")]);
    expect(await json(await accept(newcomer, token))).toMatchObject({ room: { id: room.id }, joined: true });
    expect(await roleOf(owner, room.id, newcomer)).toBe("MEMBER");
    const usedUp = await accept(second, token);
    await expectStatus(usedUp, 409);
    expect((await usedUp.json()).error.message).toMatch(/used up/);
    expect(await roleOf(owner, room.id, second)).toBeNull();

    const invalid = await owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { email: "not-an-email" } });
    await expectStatus(invalid, 422);
    expect(Object.keys((await invalid.json()).error.fields)).toEqual(["email"]);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Invitation tokens

test.describe("POST /api/invitations/accept - tokens", () => {
  test("revoked and used-up links are 409; malformed tokens 404 or 422; a replay by the same user is harmless", async () => {
    const [owner, guest, late] = await Promise.all([persona("owner"), persona("guest"), persona("late")]);
    const room = await createRoom(owner, "PRIVATE");

    const revoked = await makeLink(owner, room.id);
    await expectStatus(await owner.api.delete(`/api/rooms/${room.id}/invitations/${revoked.id}`), 204);
    await expectStatus(await owner.api.delete(`/api/rooms/${room.id}/invitations/${revoked.id}`), 404, "revoking twice");
    const refused = await accept(guest, revoked.token);
    await expectStatus(refused, 409);
    expect((await refused.json()).error.message).toMatch(/revoked/);
    // A member following an old link is simply let in (nothing to join).
    expect(await json(await accept(owner, revoked.token))).toMatchObject({ room: { id: room.id }, joined: false });

    const single = await makeLink(owner, room.id, { expiresInHours: 1, maxUses: 1 });
    expect(await json(await accept(guest, single.token))).toMatchObject({ room: { id: room.id }, joined: true });
    expect(await json(await accept(guest, single.token))).toMatchObject({ room: { id: room.id }, joined: false });
    expect((await members(owner, room.id)).filter((m) => m.id === guest.user.id)).toHaveLength(1);
    await expectStatus(await accept(late, single.token), 409);
    expect((await invitations(owner, room.id)).find((i) => i.id === single.id)).toMatchObject({ state: "used_up", uses: 1 });

    const malformed: [string, unknown, number][] = [
      ["too short", "abc", 404],
      ["empty", "", 404],
      ["wrong alphabet", "!".repeat(32), 404],
      ["right shape, unknown", "A".repeat(32), 404],
      ["100 characters", "A".repeat(100), 404],
      ["101 characters", "A".repeat(101), 422],
      ["a number", 12345, 422],
      ["null", null, 422],
      ["an array", [single.token], 422],
    ];
    for (const [label, token, status] of malformed) await expectStatus(await accept(late, token), status, label);
    await expectStatus(await late.api.post("/api/invitations/accept", { data: {} }), 422, "missing token");
    expect(await roleOf(owner, room.id, late)).toBeNull();
  });

  test("an invitation belongs to its room: it can't be revoked through another room, and joins only its own room", async () => {
    const [owner, guest] = await Promise.all([persona("owner"), persona("guest")]);
    const [roomA, roomB] = await Promise.all([createRoom(owner, "PRIVATE"), createRoom(owner, "PRIVATE")]);
    const linkA = await makeLink(owner, roomA.id);
    await expectStatus(await owner.api.delete(`/api/rooms/${roomB.id}/invitations/${linkA.id}`), 404);
    expect((await invitations(owner, roomA.id)).find((i) => i.id === linkA.id)).toMatchObject({ state: "valid" });
    expect(await invitations(owner, roomB.id)).toEqual([]);

    expect(await json(await accept(guest, linkA.token))).toMatchObject({ room: { id: roomA.id }, joined: true });
    const mine = (await json<{ rooms: { id: string; role: string }[] }>(await guest.api.get("/api/rooms"))).rooms;
    expect(mine).toEqual([expect.objectContaining({ id: roomA.id, role: "MEMBER" })]);
    await expectStatus(await guest.api.get(`/api/rooms/${roomB.id}`), 404);
    expect(await roomChannelStatus(guest, roomA.id, owner)).toBe(200);
    expect(await roomChannelStatus(guest, roomB.id, owner)).toBe(403);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Audit log

test.describe("GET /api/rooms/{id}/audit-log", () => {
  test("entries are newest first with actor and target names, and ?limit=2&before= walks them all once", async () => {
    const [owner, admin, removed, banned] = await Promise.all([persona("owner"), persona("admin"), persona("removed"), persona("banned")]);
    const room = await createRoom(owner, "PUBLIC");
    for (const who of [admin, removed, banned]) await expectStatus(await who.api.post(`/api/rooms/${room.id}/join`), 200);

    const steps: [string, () => Promise<APIResponse>, number][] = [
      ["ROLE_CHANGED", () => owner.api.patch(`/api/rooms/${room.id}/members/${admin.user.id}`, { data: { role: "ADMIN" } }), 200],
      ["SETTINGS_CHANGED", () => admin.api.patch(`/api/rooms/${room.id}`, { data: { description: "Audited" } }), 200],
      ["INVITATION_CREATED", () => admin.api.post(`/api/rooms/${room.id}/invitations`, { data: { expiresInHours: 1 } }), 201],
      ["MEMBER_REMOVED", () => admin.api.delete(`/api/rooms/${room.id}/members/${removed.user.id}`), 204],
      ["MEMBER_BANNED", () => owner.api.delete(`/api/rooms/${room.id}/members/${banned.user.id}?ban=true`), 204],
      ["MEMBER_UNBANNED", () => admin.api.delete(`/api/rooms/${room.id}/bans/${banned.user.id}`), 204],
    ];
    for (const [action, run, status] of steps) await expectStatus(await run(), status, action);
    // Refused and no-op requests leave no entry.
    await expectStatus(await admin.api.patch(`/api/rooms/${room.id}/members/${banned.user.id}`, { data: { role: "ADMIN" } }), 404);
    await expectStatus(await owner.api.post(`/api/rooms/${room.id}/ownership`, { data: { userId: owner.user.id } }), 409);
    await expectStatus(await admin.api.post(`/api/rooms/${room.id}/ownership`, { data: { userId: admin.user.id } }), 403);
    await expectStatus(await admin.api.patch(`/api/rooms/${room.id}`, { data: { description: "Audited" } }), 200);
    // A burst of entries made at the same moment must page just as well.
    const burst = await Promise.all(Array.from({ length: 5 }, () => owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { expiresInHours: 2 } })));
    for (const response of burst) await expectStatus(response, 201, "burst");

    const { entries, nextCursor } = await auditLog(owner, room.id, "?limit=100");
    expect(nextCursor).toBeNull();
    expect(entries.map((e) => e.action)).toEqual([...burst.map(() => "INVITATION_CREATED"), ...steps.map(([action]) => action).reverse()]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const times = entries.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const [unbanned, bannedEntry, removedEntry, linkEntry, settings, roleChanged] = entries.slice(burst.length);
    const actor = (who: Persona) => ({ id: who.user.id, name: who.user.name });
    expect(roleChanged).toMatchObject({ actor: actor(owner), target: actor(admin), details: { from: "MEMBER", to: "ADMIN" } });
    expect(settings).toMatchObject({ actor: actor(admin), target: null, details: { description: { from: "", to: "Audited" } } });
    expect(linkEntry).toMatchObject({ actor: actor(admin), target: null, details: { maxUses: null, expiresAt: expect.any(String) } });
    expect(removedEntry).toMatchObject({ actor: actor(admin), target: actor(removed) });
    expect(bannedEntry).toMatchObject({ actor: actor(owner), target: actor(banned) });
    expect(unbanned).toMatchObject({ actor: actor(admin), target: actor(banned) });
    // Admins see the same log; the default page is 25 entries, so this is all of it.
    expect((await auditLog(admin, room.id)).entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));

    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AuditPage = await auditLog(owner, room.id, `?limit=2${cursor ? `&before=${cursor}` : ""}`);
      expect(page.entries.length).toBe(Math.min(2, entries.length - walked.length));
      walked.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(Math.ceil(entries.length / 2));
    expect(walked).toEqual(entries.map((e) => e.id));

    for (const query of ["?limit=0", "?limit=101", "?limit=two", "?before=NOT-A-CURSOR"]) {
      const bad = await owner.api.get(`/api/rooms/${room.id}/audit-log${query}`);
      await expectStatus(bad, 422, query);
    }
    const limitZero = await owner.api.get(`/api/rooms/${room.id}/audit-log?limit=0`);
    expect(Object.keys((await limitZero.json()).error.fields)).toEqual(["limit"]);
    // Another room's entry is not a cursor here.
    const other = await createRoom(owner, "PRIVATE");
    await expectStatus(await owner.api.patch(`/api/rooms/${other.id}`, { data: { description: "x" } }), 200);
    const otherEntry = (await auditLog(owner, other.id)).entries[0]!;
    await expectStatus(await owner.api.get(`/api/rooms/${room.id}/audit-log?before=${otherEntry.id}`), 422, "foreign cursor");
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Settings validation

test.describe("PATCH /api/rooms/{id} - settings", () => {
  test("invalid settings are 422 naming the field and change nothing; a no-op is 200 without an audit entry", async () => {
    const [owner, outsider] = await Promise.all([persona("owner"), persona("outsider")]);
    const room = await createRoom(owner, "PRIVATE");
    const patch = (data: unknown) => owner.api.patch(`/api/rooms/${room.id}`, { data });
    const current = async () => (await json<RoomBody>(await owner.api.get(`/api/rooms/${room.id}`))).room;
    const before = await current();

    const invalid: [string, unknown, string][] = [
      ["empty name", { name: "" }, "name"],
      ["blank name", { name: "   " }, "name"],
      ["81-character name", { name: "x".repeat(81) }, "name"],
      ["name with a control character", { name: "a\u0007b" }, "name"],
      ["501-character description", { description: "x".repeat(501) }, "description"],
      ["visibility SECRET", { visibility: "SECRET" }, "visibility"],
    ];
    for (const [label, data, field] of invalid) {
      const response = await patch(data);
      await expectStatus(response, 422, label);
      expect(Object.keys((await response.json()).error.fields), label).toEqual([field]);
    }
    for (const [label, data] of [["unknown field", { name: "Fine", topic: "x" }], ["slug", { slug: "new-address" }]] as const) {
      await expectStatus(await patch(data), 422, label);
    }
    expect(await current()).toEqual(before);
    expect((await auditLog(owner, room.id)).entries).toEqual([]);

    for (const data of [{}, { name: before.name, description: before.description, visibility: before.visibility }, { name: ` ${before.name} ` }]) {
      const noop = await json<RoomBody>(await patch(data));
      expect(noop.room, JSON.stringify(data)).toMatchObject({ id: room.id, name: before.name, description: before.description, visibility: "PRIVATE" });
    }
    expect((await auditLog(owner, room.id)).entries).toEqual([]);

    // A real change: applied, trimmed, logged with what changed, and visible to whom it now concerns.
    await expectStatus(await outsider.api.get(`/api/rooms/${room.id}`), 404);
    const changed = await json<RoomBody>(await patch({ name: "  Town square  ", visibility: "PUBLIC" }));
    expect(changed.room).toMatchObject({ id: room.id, slug: before.slug, name: "Town square", visibility: "PUBLIC" });
    const { entries } = await auditLog(owner, room.id);
    expect(entries).toEqual([
      expect.objectContaining({ action: "SETTINGS_CHANGED", details: { name: { from: before.name, to: "Town square" }, visibility: { from: "PRIVATE", to: "PUBLIC" } } }),
    ]);
    expect((await json<RoomBody>(await outsider.api.get(`/api/rooms/${room.id}`))).room).toMatchObject({ name: "Town square", role: null });
  });
});

test.describe("bans and what they touch", () => {
  test("a ban withdraws the person's pending invitation; only an owner lifts the ban on a former admin", async () => {
    const [owner, admin, formerAdmin, invitee] = await Promise.all([persona("owner"), persona("admin"), persona("former"), persona("invitee")]);
    const room = await createRoom(owner, "PUBLIC");
    for (const who of [admin, formerAdmin, invitee]) await expectStatus(await who.api.post(`/api/rooms/${room.id}/join`), 200);
    for (const who of [admin, formerAdmin]) await expectStatus(await owner.api.patch(`/api/rooms/${room.id}/members/${who.user.id}`, { data: { role: "ADMIN" } }), 200);

    // Pending invitation, then a ban: the invitation is withdrawn (gone from their list, revoked in the room's).
    await expectStatus(await owner.api.delete(`/api/rooms/${room.id}/members/${invitee.user.id}`), 204);
    const invited = await json<{ invitation: { id: string } }>(await owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { email: invitee.user.email } }), 201);
    expect((await pending(invitee)).map((p) => p.id)).toContain(invited.invitation.id);
    await expectStatus(await invitee.api.post(`/api/rooms/${room.id}/join`), 200);
    await expectStatus(await owner.api.delete(`/api/rooms/${room.id}/members/${invitee.user.id}?ban=true`), 204);
    expect(await pending(invitee)).toEqual([]);
    expect((await invitations(owner, room.id)).find((i) => i.id === invited.invitation.id)?.state).toBe("revoked");

    // The owner bans an admin; another admin may not lift that ban (as they could not have imposed it), the owner may.
    await expectStatus(await owner.api.delete(`/api/rooms/${room.id}/members/${formerAdmin.user.id}?ban=true`), 204);
    await expectStatus(await admin.api.delete(`/api/rooms/${room.id}/bans/${formerAdmin.user.id}`), 403);
    expect((await bans(owner, room.id)).map((b) => b.id)).toContain(formerAdmin.user.id);
    await expectStatus(await owner.api.delete(`/api/rooms/${room.id}/bans/${formerAdmin.user.id}`), 204);
    // An admin may lift a former member's ban.
    await expectStatus(await admin.api.delete(`/api/rooms/${room.id}/bans/${invitee.user.id}`), 204);
  });

  test("an invitation is either a person or a link, and unknown fields are named", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner, "PRIVATE");
    const mixed = await owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { email: unknownEmail(), expiresInHours: 5 } });
    await expectStatus(mixed, 422);
    expect((await mixed.json()).error.fields.email).toMatch(/not both/);
    const unknown = await owner.api.patch(`/api/rooms/${room.id}`, { data: { topic: "x" } });
    await expectStatus(unknown, 422);
    expect((await unknown.json()).error.fields).toEqual({ topic: 'Unknown field "topic".' });
  });
});
