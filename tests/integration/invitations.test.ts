import { createHash, randomBytes, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  acceptInvitation,
  createInvitationLink,
  declineInvitation,
  findInvitation,
  findInvitationFor,
  invitationState,
  inviteByEmail,
  listInvitations,
  listPendingInvitations,
  revokeInvitation,
} from "@/lib/invitations";
import { mailer } from "@/lib/mailer";
import { listAuditLog, transferOwnership, updateRoomSettings } from "@/lib/moderation";

// User events are recorded instead of sent: nothing listens on a realtime port in these tests.
const notifyUser = vi.hoisted(() => vi.fn(async () => {}));
vi.mock("@/lib/realtime/notify-user", () => ({ notifyUser }));
beforeEach(() => notifyUser.mockClear());

const origin = "https://parley.test";
const uniqueEmail = (tag: string) => `${tag}-${randomUUID()}@example.com`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function makeUser(tag: string) {
  return prisma.user.create({ data: { email: uniqueEmail(tag), name: `${tag} ${randomUUID().slice(0, 8)}` }, select: { id: true, name: true, email: true } });
}

/** A room owned by a fresh user, with `members` (fresh users) as plain members. */
async function makeRoom({ members = 0 }: { members?: number } = {}) {
  const owner = await makeUser("owner");
  const room = await prisma.room.create({
    data: {
      slug: `room-${randomUUID()}`,
      name: `Room ${randomUUID().slice(0, 8)}`,
      createdById: owner.id,
      memberships: { create: { userId: owner.id, role: "OWNER" } },
    },
    select: { id: true, slug: true, name: true, description: true, visibility: true },
  });
  const others = [];
  for (let i = 0; i < members; i++) {
    const user = await makeUser("member");
    await prisma.membership.create({ data: { roomId: room.id, userId: user.id, role: "MEMBER" } });
    others.push(user);
  }
  return { room, owner, members: others };
}

/** The rejection of `promise`, or a failure when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

const isMember = async (roomId: string, userId: string) => (await prisma.membership.count({ where: { roomId, userId } })) === 1;
const usesOf = async (id: string) => (await prisma.invitation.findUniqueOrThrow({ where: { id }, select: { uses: true } })).uses;
const auditActions = async (roomId: string) =>
  (await prisma.auditLog.findMany({ where: { roomId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { action: true } })).map((e) => e.action);

describe("acceptInvitation refuses dead invitations", () => {
  it("an expired link reads as expired and is refused with a conflict; nobody joins and uses stay 0", async () => {
    const { room, owner } = await makeRoom();
    const joiner = await makeUser("late");
    const link = await createInvitationLink({ roomId: room.id, actorId: owner.id, expiresInHours: 24, maxUses: null });
    await prisma.invitation.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });

    const found = await findInvitation({ token: link.token });
    expect(found).not.toBeNull();
    expect(invitationState(found!)).toBe("expired");
    await expectAppError(acceptInvitation({ invitationId: link.id, roomId: room.id, userId: joiner.id }), "conflict");
    expect(await isMember(room.id, joiner.id)).toBe(false);
    expect(await usesOf(link.id)).toBe(0);
    expect(await auditActions(room.id)).not.toContain("INVITATION_ACCEPTED");
  });

  it("a revoked link is refused with a conflict; nobody joins", async () => {
    const { room, owner } = await makeRoom();
    const joiner = await makeUser("revoked");
    const link = await createInvitationLink({ roomId: room.id, actorId: owner.id, expiresInHours: 24, maxUses: 10 });
    await revokeInvitation({ roomId: room.id, invitationId: link.id, actorId: owner.id });

    expect(invitationState((await findInvitation({ token: link.token }))!)).toBe("revoked");
    await expectAppError(acceptInvitation({ invitationId: link.id, roomId: room.id, userId: joiner.id }), "conflict");
    expect(await isMember(room.id, joiner.id)).toBe(false);
    expect(await usesOf(link.id)).toBe(0);
    expect(await auditActions(room.id)).toEqual(["INVITATION_CREATED", "INVITATION_REVOKED"]);
  });

  it("revoking twice (or an unknown id) is a not_found AppError", async () => {
    const { room, owner } = await makeRoom();
    const link = await createInvitationLink({ roomId: room.id, actorId: owner.id, expiresInHours: 1, maxUses: 1 });
    await revokeInvitation({ roomId: room.id, invitationId: link.id, actorId: owner.id });
    await expectAppError(revokeInvitation({ roomId: room.id, invitationId: link.id, actorId: owner.id }), "not_found");
    await expectAppError(revokeInvitation({ roomId: room.id, invitationId: "nosuchinvitation", actorId: owner.id }), "not_found");
  });

  it("a declined user invitation is refused with a conflict when the invitee tries to accept it after all", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("decliner");
    const invited = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    const invitation = await findInvitationFor({ invitationId: invited.id, userId: invitee.id });
    await declineInvitation({ invitation, userId: invitee.id });

    expect(invitationState(await findInvitationFor({ invitationId: invited.id, userId: invitee.id }))).toBe("declined");
    await expectAppError(acceptInvitation({ invitationId: invited.id, roomId: room.id, userId: invitee.id }), "conflict");
    expect(await isMember(room.id, invitee.id)).toBe(false);
    expect(await usesOf(invited.id)).toBe(0);
  });

  it("a single-use link lets the first user in and refuses a second one", async () => {
    const { room, owner } = await makeRoom();
    const [first, second] = [await makeUser("first"), await makeUser("second")];
    const link = await createInvitationLink({ roomId: room.id, actorId: owner.id, expiresInHours: 24, maxUses: 1 });

    await expect(acceptInvitation({ invitationId: link.id, roomId: room.id, userId: first.id })).resolves.toEqual({ joined: true });
    expect(invitationState((await findInvitation({ token: link.token }))!)).toBe("used_up");
    await expectAppError(acceptInvitation({ invitationId: link.id, roomId: room.id, userId: second.id }), "conflict");

    expect(await isMember(room.id, first.id)).toBe(true);
    expect(await isMember(room.id, second.id)).toBe(false);
    expect(await usesOf(link.id)).toBe(1);
    const accepted = await prisma.auditLog.findMany({ where: { roomId: room.id, action: "INVITATION_ACCEPTED" }, select: { actorId: true, targetId: true, targetName: true, details: true } });
    expect(accepted).toEqual([{ actorId: first.id, targetId: first.id, targetName: first.name, details: { invitationId: link.id } }]);
  });

  it("two users racing for the last use of a single-use link: exactly one gets in, uses ends at 1", async () => {
    const { room, owner } = await makeRoom();
    const racers = [await makeUser("racer-a"), await makeUser("racer-b")];
    const link = await createInvitationLink({ roomId: room.id, actorId: owner.id, expiresInHours: 24, maxUses: 1 });

    const results = await Promise.allSettled(racers.map((racer) => acceptInvitation({ invitationId: link.id, roomId: room.id, userId: racer.id })));

    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r) => r.status === "rejected");
    expect(fulfilled.map((r) => r.value)).toEqual([{ joined: true }]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(AppError);
    expect((rejected[0]?.reason as AppError).code).toBe("conflict");
    expect(await prisma.membership.count({ where: { roomId: room.id, userId: { in: racers.map((r) => r.id) } } })).toBe(1);
    expect(await usesOf(link.id)).toBe(1);
  });
});

describe("findInvitation", () => {
  it.each([
    ["empty", ""],
    ["short", "abc"],
    ["31 characters", "a".repeat(31)],
    ["33 characters", "a".repeat(33)],
    ["very long", "a".repeat(1000)],
    ["'+' and '/' (base64, not base64url)", `${"a".repeat(30)}+/`],
    ["padding", `${"a".repeat(31)}=`],
    ["a space", `${"a".repeat(31)} `],
    ["non-ASCII letters", `${"a".repeat(31)}é`],
    ["SQL-ish text", `' OR 1=1 --${"a".repeat(21)}`],
  ])("returns null for a malformed token (%s)", async (_label, token) => {
    expect(await findInvitation({ token })).toBeNull();
  });

  it("returns null for a well-formed token nobody issued", async () => {
    expect(await findInvitation({ token: randomBytes(24).toString("base64url") })).toBeNull();
  });

  it("finds the link's room and creator by its token, but not with whitespace or a newline around it", async () => {
    const { room, owner } = await makeRoom();
    const link = await createInvitationLink({ roomId: room.id, actorId: owner.id, expiresInHours: 2, maxUses: 5 });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{32}$/);

    expect(await findInvitation({ token: link.token })).toEqual({
      id: link.id,
      expiresAt: link.expiresAt,
      maxUses: 5,
      uses: 0,
      revokedAt: null,
      declinedAt: null,
      room: { id: room.id, slug: room.slug, name: room.name, description: room.description },
      createdBy: { name: owner.name },
    });
    expect(await findInvitation({ token: `${link.token}\n` })).toBeNull();
    expect(await findInvitation({ token: ` ${link.token}` })).toBeNull();
  });

  it("stores a token only as its SHA-256: the raw token is in no Invitation or AuditLog row", async () => {
    const { room, owner } = await makeRoom();
    const link = await createInvitationLink({ roomId: room.id, actorId: owner.id, expiresInHours: 2, maxUses: null });
    const emailed = await inviteByEmail({ room, actor: owner, email: uniqueEmail("stranger"), origin });
    if (!emailed.url) throw new Error(`expected an invitation with a url, got ${JSON.stringify(emailed)}`);
    const emailToken = emailed.url.split("/invite/")[1] ?? "";
    expect(emailToken).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const invitations = await prisma.invitation.findMany({ where: { roomId: room.id } });
    const audit = await prisma.auditLog.findMany({ where: { roomId: room.id } });
    const stored = JSON.stringify([invitations, audit]);
    for (const token of [link.token, emailToken]) {
      expect(stored).not.toContain(token);
      expect(invitations.map((i) => i.tokenHash)).toContain(sha256(token));
    }
  });
});

describe("inviteByEmail", () => {
  expect(mailer).toBeNull(); // these tests assume SMTP_URL is unset in the test environment

  /** What the inviter can see of an invitation: the answer, its row in the list, its audit entry. */
  async function inviterView(roomId: string, result: Awaited<ReturnType<typeof inviteByEmail>>) {
    const { entries } = await listAuditLog({ roomId, limit: 10 });
    const row = (await listInvitations({ roomId })).find((i) => i.id === result.id);
    const { id: _id, url: _url, expiresAt: _expires, ...answer } = result;
    return {
      answer,
      url: /^https:\/\/parley\.test\/invite\/[A-Za-z0-9_-]{32}$/.test(result.url ?? ""),
      row: row && { kind: row.kind, email: row.email === answer.email, state: row.state, uses: row.uses, maxUses: row.maxUses, keys: Object.keys(row).sort() },
      audit: entries.map((e) => ({ action: e.action, target: e.target, details: Object.keys(e.details as object).sort() })),
    };
  }

  it("an address with an account and one without get the same answer, list entry and audit entry", async () => {
    const { room: roomA, owner: ownerA } = await makeRoom();
    const { room: roomB, owner: ownerB } = await makeRoom();
    const registered = await makeUser("registered");
    const withAccount = await inviteByEmail({ room: roomA, actor: ownerA, email: registered.email, origin });
    const without = await inviteByEmail({ room: roomB, actor: ownerB, email: uniqueEmail("nobody"), origin });
    const [a, b] = [await inviterView(roomA.id, withAccount), await inviterView(roomB.id, without)];
    expect(a).toEqual({ ...b, answer: { ...b.answer, email: registered.email } });
    expect(a.answer).toEqual({ email: registered.email, emailed: false });
    expect(JSON.stringify(withAccount)).not.toContain(registered.id);
    expect(JSON.stringify(withAccount)).not.toContain(registered.name);
    expect(JSON.stringify(await listInvitations({ roomId: roomA.id }))).not.toContain(registered.name);
  });

  it("an account with that address also gets it on its home page, live, for a week", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("invitee");
    const before = Date.now();
    const result = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    const pending = await listPendingInvitations({ userId: invitee.id });
    expect(pending).toEqual([
      { id: result.id, room: { id: room.id, slug: room.slug, name: room.name, description: room.description }, invitedBy: owner.name, expiresAt: result.expiresAt },
    ]);
    const weekMs = 7 * 24 * 3_600_000;
    expect(Date.parse(result.expiresAt)).toBeGreaterThanOrEqual(before + weekMs);
    expect(Date.parse(result.expiresAt)).toBeLessThanOrEqual(Date.now() + weekMs);
    expect(notifyUser).toHaveBeenCalledWith(invitee.id, "invitation.received", expect.objectContaining({ id: result.id, invitedBy: owner.name }));
    const stored = await prisma.invitation.findUniqueOrThrow({ where: { id: result.id } });
    expect(stored).toMatchObject({ roomId: room.id, inviteeId: invitee.id, email: invitee.email, maxUses: 1, uses: 0, createdById: owner.id });
    // Accepted from the home page (by id) or through the link: either way once.
    await expect(acceptInvitation({ invitationId: result.id, roomId: room.id, userId: invitee.id })).resolves.toEqual({ joined: true });
    expect(await listPendingInvitations({ userId: invitee.id })).toEqual([]);
  });

  it("inviting an address again replaces its pending invitation: the old link stops working and the invitee's pages drop it", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("twice");
    const first = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    const again = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    expect(again.id).not.toBe(first.id);
    expect(invitationState(await prisma.invitation.findUniqueOrThrow({ where: { id: first.id } }))).toBe("revoked");
    expect(await findInvitation({ token: first.url!.split("/invite/")[1]! })).toMatchObject({ revokedAt: expect.any(Date) });
    expect(notifyUser).toHaveBeenCalledWith(invitee.id, "invitation.withdrawn", { id: first.id });
    expect((await listPendingInvitations({ userId: invitee.id })).map((p) => p.id)).toEqual([again.id]);
  });

  it("concurrent invitations of the same address leave exactly one pending invitation", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("racing");
    await Promise.all([1, 2, 3].map(() => inviteByEmail({ room, actor: owner, email: invitee.email, origin })));
    const rows = await prisma.invitation.findMany({ where: { roomId: room.id, email: invitee.email } });
    expect(rows.filter((r) => invitationState(r) === "valid")).toHaveLength(1);
    expect(await listPendingInvitations({ userId: invitee.id })).toHaveLength(1);
  });

  it("a member's or a banned person's address gets the same answer, but nothing on their home page, and the ban still holds", async () => {
    const { room, owner, members } = await makeRoom({ members: 1 });
    const banned = await makeUser("banned");
    await prisma.ban.create({ data: { roomId: room.id, userId: banned.id, bannedById: owner.id } });
    const stranger = await inviteByEmail({ room, actor: owner, email: uniqueEmail("stranger"), origin });
    for (const who of [members[0]!, banned]) {
      const result = await inviteByEmail({ room, actor: owner, email: who.email, origin });
      expect(Object.keys(result).sort()).toEqual(Object.keys(stranger).sort());
      expect(result).toMatchObject({ emailed: false, url: expect.any(String) });
      expect(await listPendingInvitations({ userId: who.id })).toEqual([]);
      expect(notifyUser).not.toHaveBeenCalledWith(who.id, "invitation.received", expect.anything());
    }
    const bannedLink = (await prisma.invitation.findFirstOrThrow({ where: { roomId: room.id, email: banned.email, revokedAt: null } })).id;
    // The link is refused by the policy at the accept route (a ban closes every way in); the row itself never names them.
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: bannedLink } })).inviteeId).toBeNull();
  });

  it("an unknown address gets a single-use link, handed back (no SMTP here) and resolving to the room", async () => {
    const { room, owner } = await makeRoom();
    const email = uniqueEmail("newcomer");
    const result = await inviteByEmail({ room, actor: owner, email, origin });
    expect(result).toEqual({ id: expect.any(String), email, emailed: false, url: expect.any(String), expiresAt: expect.any(String) });

    const token = /^https:\/\/parley\.test\/invite\/([A-Za-z0-9_-]{32})$/.exec(result.url ?? "")?.[1];
    expect(token, `url ${result.url}`).toBeDefined();
    const found = await findInvitation({ token: token! });
    expect(found).toMatchObject({ id: result.id, maxUses: 1, uses: 0, room: { id: room.id, slug: room.slug } });
    expect(invitationState(found!)).toBe("valid");
    expect(found!.expiresAt.toISOString()).toBe(result.expiresAt);

    const created = await prisma.auditLog.findMany({ where: { roomId: room.id, action: "INVITATION_CREATED" }, select: { actorId: true, targetId: true, details: true } });
    expect(created).toEqual([{ actorId: owner.id, targetId: null, details: { email, expiresAt: result.expiresAt, maxUses: 1 } }]);

    // The link works once: the newcomer (after registering) joins, nobody else can.
    const [newcomer, other] = [await makeUser("registered"), await makeUser("forwarded")];
    await expect(acceptInvitation({ invitationId: result.id, roomId: room.id, userId: newcomer.id })).resolves.toEqual({ joined: true });
    await expectAppError(acceptInvitation({ invitationId: result.id, roomId: room.id, userId: other.id }), "conflict");
  });
});

describe("declineInvitation and findInvitationFor", () => {
  it("declining sets declinedAt, is audit-logged once even when repeated, and drops it from the pending list", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("no-thanks");
    const { id } = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });

    const invitation = await findInvitationFor({ invitationId: id, userId: invitee.id });
    expect(invitation).toMatchObject({ id, roomId: room.id, declinedAt: null, revokedAt: null, uses: 0, maxUses: 1 });
    await declineInvitation({ invitation, userId: invitee.id });
    await declineInvitation({ invitation: await findInvitationFor({ invitationId: id, userId: invitee.id }), userId: invitee.id });

    const stored = await prisma.invitation.findUniqueOrThrow({ where: { id }, select: { declinedAt: true, uses: true } });
    expect(stored.declinedAt).toBeInstanceOf(Date);
    expect(stored.uses).toBe(0);
    const declined = await prisma.auditLog.findMany({ where: { roomId: room.id, action: "INVITATION_DECLINED" }, select: { actorId: true, targetId: true, targetName: true, details: true } });
    expect(declined).toEqual([{ actorId: invitee.id, targetId: invitee.id, targetName: invitee.name, details: { invitationId: id } }]);
    expect(await listPendingInvitations({ userId: invitee.id })).toEqual([]);
  });

  it("another user's invitation, or an unknown id, is a not_found AppError (existence does not leak)", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("addressee");
    const snoop = await makeUser("snoop");
    const { id } = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    await expectAppError(findInvitationFor({ invitationId: id, userId: snoop.id }), "not_found");
    await expectAppError(findInvitationFor({ invitationId: id, userId: owner.id }), "not_found");
    await expectAppError(findInvitationFor({ invitationId: "nosuchinvitation", userId: invitee.id }), "not_found");
    await expect(findInvitationFor({ invitationId: id, userId: invitee.id })).resolves.toMatchObject({ id });
  });

  it("someone else cannot decline an invitation addressed to another user", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("addressee");
    const snoop = await makeUser("snoop");
    const { id } = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    await declineInvitation({ invitation: { id, roomId: room.id }, userId: snoop.id });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id } })).declinedAt).toBeNull();
    expect((await listPendingInvitations({ userId: invitee.id })).map((p) => p.id)).toEqual([id]);
    expect(await auditActions(room.id)).not.toContain("INVITATION_DECLINED");
  });

  it("a revoked invitation leaves the pending list and can no longer be declined", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("withdrawn");
    const { id } = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    await revokeInvitation({ roomId: room.id, invitationId: id, actorId: owner.id });
    expect(await listPendingInvitations({ userId: invitee.id })).toEqual([]);
    await declineInvitation({ invitation: await findInvitationFor({ invitationId: id, userId: invitee.id }), userId: invitee.id });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id } })).declinedAt).toBeNull();
    // Who the address belongs to is not the audit log's to say.
    const revoked = await prisma.auditLog.findMany({ where: { roomId: room.id, action: "INVITATION_REVOKED" }, select: { targetId: true, targetName: true, details: true } });
    expect(revoked).toEqual([{ targetId: null, targetName: null, details: { invitationId: id, email: invitee.email } }]);
  });
});

describe("acceptInvitation on an invitation addressed to the user", () => {
  it("the invitee joins as a member and the invitation leaves their pending list", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("joiner");
    const { id } = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    await expect(acceptInvitation({ invitationId: id, roomId: room.id, userId: invitee.id })).resolves.toEqual({ joined: true });
    expect(await prisma.membership.findUnique({ where: { roomId_userId: { roomId: room.id, userId: invitee.id } }, select: { role: true } })).toEqual({ role: "MEMBER" });
    expect(await listPendingInvitations({ userId: invitee.id })).toEqual([]);
    expect(await usesOf(id)).toBe(1);
  });

  it("by someone who is already a member: joined false, nothing else changes, and it is no longer pending", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("already");
    const { id } = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    // They got in another way (say, a shareable link) before answering.
    await prisma.membership.create({ data: { roomId: room.id, userId: invitee.id, role: "ADMIN" } });

    await expect(acceptInvitation({ invitationId: id, roomId: room.id, userId: invitee.id })).resolves.toEqual({ joined: false });
    expect(await listPendingInvitations({ userId: invitee.id })).toEqual([]);
    expect(await prisma.membership.findMany({ where: { roomId: room.id, userId: invitee.id }, select: { role: true } })).toEqual([{ role: "ADMIN" }]);
    expect(await auditActions(room.id)).not.toContain("INVITATION_ACCEPTED");
  });

  it("accepting again and again as a member never takes uses past maxUses", async () => {
    const { room, owner } = await makeRoom();
    const invitee = await makeUser("repeat");
    const { id } = await inviteByEmail({ room, actor: owner, email: invitee.email, origin });
    await expect(acceptInvitation({ invitationId: id, roomId: room.id, userId: invitee.id })).resolves.toEqual({ joined: true });
    for (let i = 0; i < 3; i++) {
      await expect(acceptInvitation({ invitationId: id, roomId: room.id, userId: invitee.id })).resolves.toEqual({ joined: false });
    }
    expect(await usesOf(id)).toBe(1);
  });

  it("a member following a shareable link again does not spend one of its uses", async () => {
    const { room, owner, members } = await makeRoom({ members: 1 });
    const link = await createInvitationLink({ roomId: room.id, actorId: owner.id, expiresInHours: 1, maxUses: 1 });
    await expect(acceptInvitation({ invitationId: link.id, roomId: room.id, userId: members[0]!.id })).resolves.toEqual({ joined: false });
    expect(await usesOf(link.id)).toBe(0);
  });
});

describe("listAuditLog", () => {
  it("walks every entry newest first with the cursor, without repeats, across entries sharing a timestamp", async () => {
    const { room, owner } = await makeRoom();
    const t0 = Date.parse("2030-01-01T00:00:00Z");
    // Offsets in seconds; three entries share t0+3s so that ties straddle a page boundary.
    const offsets = [0, 1, 2, 3, 3, 3, 4, 5];
    const created = [];
    for (const [i, offset] of offsets.entries()) {
      created.push(
        await prisma.auditLog.create({
          data: { roomId: room.id, actorId: owner.id, action: "SETTINGS_CHANGED", details: { n: i }, createdAt: new Date(t0 + offset * 1_000) },
          select: { id: true, createdAt: true },
        }),
      );
    }

    const walked: string[] = [];
    const pageSizes: number[] = [];
    let before: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listAuditLog({ roomId: room.id, before, limit: 3 });
      walked.push(...page.entries.map((e) => e.id));
      pageSizes.push(page.entries.length);
      if (page.nextCursor === null) break;
      expect(page.nextCursor).toBe(page.entries.at(-1)?.id);
      before = page.nextCursor;
    }

    expect(pageSizes).toEqual([3, 3, 2]);
    expect(new Set(walked).size).toBe(walked.length);
    expect([...walked].sort()).toEqual(created.map((c) => c.id).sort());
    const all = await listAuditLog({ roomId: room.id, limit: 100 });
    expect(all.nextCursor).toBeNull();
    expect(all.entries.map((e) => e.id)).toEqual(walked);
    // Newest first: the timestamps never go up, and the distinct ones come in the order made.
    const times = all.entries.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.entries.map((e) => (e.details as { n: number }).n).filter((n) => ![3, 4, 5].includes(n))).toEqual([7, 6, 2, 1, 0]);
    expect(all.entries[0]).toEqual({
      id: created[7]!.id,
      action: "SETTINGS_CHANGED",
      actor: { id: owner.id, name: owner.name },
      target: null,
      details: { n: 7 },
      createdAt: new Date(t0 + 5_000).toISOString(),
    });
  });

  it("an exact page has no next cursor, and a cursor from another room is unprocessable", async () => {
    const { room, owner } = await makeRoom();
    const other = await makeRoom();
    for (let i = 0; i < 2; i++) await prisma.auditLog.create({ data: { roomId: room.id, actorId: owner.id, action: "SETTINGS_CHANGED" } });
    const foreign = await prisma.auditLog.create({ data: { roomId: other.room.id, actorId: other.owner.id, action: "SETTINGS_CHANGED" }, select: { id: true } });

    const page = await listAuditLog({ roomId: room.id, limit: 2 });
    expect(page.entries).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
    await expectAppError(listAuditLog({ roomId: room.id, before: foreign.id, limit: 2 }), "unprocessable");
  });
});

describe("updateRoomSettings", () => {
  it("writes the changes and one audit entry naming only the fields that changed", async () => {
    const { room, owner } = await makeRoom();
    const updated = await updateRoomSettings({ room, actorId: owner.id, changes: { name: room.name, description: "Now with a topic", visibility: "PUBLIC" } });
    expect(updated).toEqual({ room: { id: room.id, slug: room.slug, name: room.name, description: "Now with a topic", visibility: "PUBLIC" }, channelKey: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await prisma.room.findUniqueOrThrow({ where: { id: room.id }, select: { description: true, visibility: true } })).toEqual({ description: "Now with a topic", visibility: "PUBLIC" });

    const entries = await prisma.auditLog.findMany({ where: { roomId: room.id }, select: { action: true, actorId: true, details: true } });
    expect(entries).toEqual([
      { action: "SETTINGS_CHANGED", actorId: owner.id, details: { description: { from: "", to: "Now with a topic" }, visibility: { from: "PRIVATE", to: "PUBLIC" } } },
    ]);
  });

  it("changes equal to the current settings write nothing", async () => {
    const { room, owner } = await makeRoom();
    const result = await updateRoomSettings({ room, actorId: owner.id, changes: { name: room.name, visibility: room.visibility } });
    expect(result).toEqual({ room, channelKey: null });
    expect(await updateRoomSettings({ room, actorId: owner.id, changes: {} })).toEqual({ room, channelKey: null });
    expect(await auditActions(room.id)).toEqual([]);
    expect(await prisma.room.findUniqueOrThrow({ where: { id: room.id }, select: { name: true, description: true, visibility: true } })).toEqual({
      name: room.name,
      description: room.description,
      visibility: room.visibility,
    });
  });
});

describe("transferOwnership", () => {
  it("makes the target the owner, the old owner an admin, and logs it", async () => {
    const { room, owner, members } = await makeRoom({ members: 1 });
    const heir = members[0]!;
    await transferOwnership({ roomId: room.id, actorId: owner.id, target: heir });

    const roles = await prisma.membership.findMany({ where: { roomId: room.id }, select: { userId: true, role: true } });
    expect(Object.fromEntries(roles.map((m) => [m.userId, m.role]))).toEqual({ [owner.id]: "ADMIN", [heir.id]: "OWNER" });
    const entries = await prisma.auditLog.findMany({ where: { roomId: room.id }, select: { action: true, actorId: true, targetId: true, targetName: true } });
    expect(entries).toEqual([{ action: "OWNERSHIP_TRANSFERRED", actorId: owner.id, targetId: heir.id, targetName: heir.name }]);
  });

  it("to someone who is not a member fails and changes nothing", async () => {
    const { room, owner } = await makeRoom();
    const outsider = await makeUser("outsider");
    await expect(transferOwnership({ roomId: room.id, actorId: owner.id, target: outsider })).rejects.toThrow();
    expect(await prisma.membership.findMany({ where: { roomId: room.id }, select: { userId: true, role: true } })).toEqual([{ userId: owner.id, role: "OWNER" }]);
    expect(await isMember(room.id, outsider.id)).toBe(false);
    expect(await auditActions(room.id)).toEqual([]);
  });
});
