import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { verifyCredentials } from "@/lib/users";
import { demoPassword, demoUsers, seed } from "@/scripts/seed";

const demoEmails = demoUsers.map((user) => user.email);

/** Everything seed() writes, by id, so a second run that adds or replaces a row shows up. */
async function snapshot() {
  const users = await prisma.user.findMany({ where: { email: { in: demoEmails } }, select: { id: true, email: true, name: true }, orderBy: { email: "asc" } });
  const rooms = await prisma.room.findMany({ where: { slug: "general" }, select: { id: true, slug: true, createdById: true } });
  const memberships = await prisma.membership.findMany({
    where: { room: { slug: "general" } },
    select: { roomId: true, role: true, user: { select: { email: true } } },
    orderBy: { role: "asc" },
  });
  return { users, rooms, memberships };
}

describe("seed()", () => {
  beforeAll(async () => {
    await seed();
  });

  it("creates the demo users, the general room and their memberships", async () => {
    const { users, rooms, memberships } = await snapshot();
    expect(users.map((u) => [u.email, u.name])).toEqual([
      ["alice@parley.dev", "Alice Adams"],
      ["bob@parley.dev", "Bob Brown"],
    ]);
    expect(rooms).toEqual([{ id: expect.any(String), slug: "general", createdById: users[0]?.id }]);
    expect(memberships.map((m) => [m.user.email, m.role])).toEqual([
      ["alice@parley.dev", "OWNER"],
      ["bob@parley.dev", "MEMBER"],
    ]);
  });

  it("running it twice leaves exactly the same users, rooms and memberships", async () => {
    const before = await snapshot();
    await seed();
    expect(await snapshot()).toEqual(before);
  });

  it.each(demoUsers)("the demo user $email can sign in with demoPassword", async ({ email, name }) => {
    expect(await verifyCredentials({ email, password: demoPassword })).toEqual({ id: expect.any(String), name, email, sessionVersion: 0 });
    expect(await verifyCredentials({ email, password: `${demoPassword}!` })).toBeNull();
  });

  it("leaves a demo account alone once it exists", async () => {
    const alice = await prisma.user.update({ where: { email: "alice@parley.dev" }, data: { name: "Alice Renamed" }, select: { id: true } });
    try {
      await seed();
      expect(await prisma.user.findUnique({ where: { id: alice.id }, select: { name: true } })).toEqual({ name: "Alice Renamed" });
    } finally {
      await prisma.user.update({ where: { id: alice.id }, data: { name: "Alice Adams" } });
    }
  });
});
