import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { changePassword, getNotificationSettings } from "@/lib/account";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { verifyCredentials, createUserWithPassword, upsertOAuthUser } from "@/lib/users";
import type { SessionClaims } from "@/lib/session";

// Nothing listens on a realtime port in these tests.
vi.mock("@/lib/realtime/notify-user", () => ({ notifyUser: vi.fn(async () => {}), closeUserConnections: vi.fn(async () => {}) }));

const email = (tag: string) => `${tag}-${randomUUID()}@example.com`;
const claimsOf = (user: { id: string; name: string; email: string }, sv = 0): SessionClaims => ({ user, sid: randomUUID(), sv, exp: null });
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as AppError);

describe("changePassword", () => {
  it("a wrong current password is a 403 and changes nothing; the right one moves the session version on", async () => {
    const user = await createUserWithPassword({ name: "Pat", email: email("pat"), password: "old-password" });
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const wrong = await failure(changePassword({ claims: claimsOf(user), ip, body: { currentPassword: "nope-nope", newPassword: "new-password" } }));
    expect(wrong?.status).toBe(403);
    expect(wrong?.message).toBe("Your current password is not right. Check it and try again.");
    expect(await verifyCredentials({ email: user.email, password: "old-password" })).not.toBeNull();

    expect(await changePassword({ claims: claimsOf(user), ip, body: { currentPassword: "old-password", newPassword: "new-password" } })).toEqual({ sessionVersion: 1 });
    expect(await verifyCredentials({ email: user.email, password: "old-password" })).toBeNull();
    expect(await verifyCredentials({ email: user.email, password: "new-password" })).toMatchObject({ id: user.id, sessionVersion: 1 });
  });

  it("a wrong password keeps the account's push subscriptions; a change forgets every one (a device may be in the wrong hands)", async () => {
    const user = await createUserWithPassword({ name: "Pia", email: email("pia"), password: "old-password" });
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const subscribe = (n: number) => prisma.pushSubscription.create({ data: { userId: user.id, endpoint: `https://push.example.com/${randomUUID()}-${n}`, p256dh: "k", auth: "a" } });
    await Promise.all([subscribe(1), subscribe(2)]);
    await failure(changePassword({ claims: claimsOf(user), ip, body: { currentPassword: "nope-nope", newPassword: "new-password" } }));
    expect(await prisma.pushSubscription.count({ where: { userId: user.id } })).toBe(2);
    await changePassword({ claims: claimsOf(user), ip, body: { currentPassword: "old-password", newPassword: "new-password" } });
    expect(await prisma.pushSubscription.count({ where: { userId: user.id } })).toBe(0);
  });

  it("an account with a password must give it", async () => {
    const user = await createUserWithPassword({ name: "Sam", email: email("sam"), password: "old-password" });
    const error = await failure(changePassword({ claims: claimsOf(user), ip: "203.0.113.1", body: { newPassword: "new-password" } }));
    expect(error?.status).toBe(422);
    expect(error?.fields).toEqual({ currentPassword: "Enter your current password." });
  });

  it("an OAuth-only account sets its first password without one", async () => {
    const user = await upsertOAuthUser({ email: email("oauth"), name: "Olive" });
    await changePassword({ claims: claimsOf(user), ip: "203.0.113.2", body: { newPassword: "first-password" } });
    expect(await verifyCredentials({ email: user.email, password: "first-password" })).toMatchObject({ id: user.id });
  });

  it("a session already ended elsewhere (older session version) cannot change it: 401", async () => {
    const user = await createUserWithPassword({ name: "Lee", email: email("lee"), password: "old-password" });
    await prisma.user.update({ where: { id: user.id }, data: { sessionVersion: 3 } });
    const error = await failure(changePassword({ claims: claimsOf(user, 2), ip: "203.0.113.3", body: { currentPassword: "old-password", newPassword: "new-password" } }));
    expect(error?.status).toBe(401);
    expect(await verifyCredentials({ email: user.email, password: "old-password" })).not.toBeNull();
  });

  it("wrong current passwords are limited like sign-ins: the 11th try from one address is a 429 even when right", async () => {
    const user = await createUserWithPassword({ name: "Guess", email: email("guess"), password: "old-password" });
    const ip = "203.0.113.77";
    for (let i = 0; i < 10; i++) expect((await failure(changePassword({ claims: claimsOf(user), ip, body: { currentPassword: `wrong-${i}`, newPassword: "new-password" } })))?.status).toBe(403);
    const blocked = await failure(changePassword({ claims: claimsOf(user), ip, body: { currentPassword: "old-password", newPassword: "new-password" } }));
    expect(blocked?.status).toBe(429);
    expect(blocked?.message).toMatch(/^Too many wrong passwords\. Try again in /);
    expect(await verifyCredentials({ email: user.email, password: "old-password" })).not.toBeNull();
  });
});

describe("getNotificationSettings", () => {
  it("lists rooms by name first, then conversations by the other members' names, with each mute", async () => {
    const [me, ann, bob] = await Promise.all(["Me", "Ann", "Bob"].map((name) => prisma.user.create({ data: { email: email(name.toLowerCase()), name }, select: { id: true } })));
    const room = await prisma.room.create({ data: { slug: `r-${randomUUID()}`, name: "Zoo", memberships: { create: [{ userId: me!.id, muted: true }] } } });
    const group = await prisma.room.create({
      data: { slug: `g-${randomUUID()}`, name: "", kind: "GROUP", memberships: { create: [{ userId: me!.id }, { userId: ann!.id }, { userId: bob!.id }] } },
    });
    expect(await getNotificationSettings({ userId: me!.id })).toEqual({
      level: "MENTIONS",
      rooms: [
        { id: room.id, slug: room.slug, kind: "ROOM", label: "Zoo", muted: true },
        { id: group.id, slug: group.slug, kind: "GROUP", label: "Ann and Bob", muted: false },
      ],
    });
  });
});
