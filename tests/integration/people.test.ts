import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { blockPerson, loadPersonRelation, loadPersonRelations, unblockPerson } from "@/lib/people";

async function user(name: string) {
  return prisma.user.create({ data: { email: `${name.toLowerCase()}-${randomUUID()}@example.com`, name }, select: { id: true, name: true } });
}

async function room(name: string, memberIds: string[], kind: "ROOM" | "DIRECT" | "GROUP" = "ROOM") {
  return prisma.room.create({
    data: { slug: `${name.toLowerCase()}-${randomUUID()}`, name, kind, memberships: { create: memberIds.map((userId) => ({ userId })) } },
    select: { id: true, slug: true, name: true },
  });
}

describe("loadPersonRelation", () => {
  it("two members of the same rooms: they share, and the card lists the named rooms by name, not the conversation", async () => {
    const [ann, bob, eve] = await Promise.all([user("Ann"), user("Bob"), user("Eve")]);
    const zebra = await room("Zebra", [ann.id, bob.id]);
    const alpha = await room("alpha", [ann.id, bob.id, eve.id]);
    await room("Only Ann", [ann.id, eve.id]);
    await room("DM", [ann.id, bob.id], "DIRECT");
    const seen = new Date("2026-12-01T10:00:00.000Z");
    await prisma.user.update({ where: { id: bob.id }, data: { lastSeenAt: seen } });

    expect(await loadPersonRelation({ callerId: ann.id, targetId: bob.id })).toEqual({
      exists: true,
      sharesRoom: true,
      blockedCaller: false,
      blockedByCaller: false,
      name: "Bob",
      lastSeenAt: seen,
      sharedRooms: [alpha, zebra],
    });
  });

  it("sharing only a conversation counts as sharing a room, with no rooms to list", async () => {
    const [ann, bob] = await Promise.all([user("Ann"), user("Bob")]);
    await room("DM", [ann.id, bob.id], "DIRECT");
    expect(await loadPersonRelation({ callerId: ann.id, targetId: bob.id })).toMatchObject({ exists: true, sharesRoom: true, sharedRooms: [] });
  });

  it("someone in no room of the caller's: exists, shares nothing, lists nothing", async () => {
    const [ann, bob] = await Promise.all([user("Ann"), user("Bob")]);
    await room("Ann's", [ann.id]);
    await room("Bob's", [bob.id]);
    expect(await loadPersonRelation({ callerId: ann.id, targetId: bob.id })).toEqual({
      exists: true,
      sharesRoom: false,
      blockedCaller: false,
      blockedByCaller: false,
      name: "Bob",
      lastSeenAt: null,
      sharedRooms: [],
    });
  });

  it("blocks are told apart by direction, and lifting one shows at once", async () => {
    const [ann, bob] = await Promise.all([user("Ann"), user("Bob")]);
    await room("Both", [ann.id, bob.id]);
    await blockPerson({ blockerId: bob.id, blockedId: ann.id });
    expect(await loadPersonRelation({ callerId: ann.id, targetId: bob.id })).toMatchObject({ blockedCaller: true, blockedByCaller: false, sharesRoom: true });
    expect(await loadPersonRelation({ callerId: bob.id, targetId: ann.id })).toMatchObject({ blockedCaller: false, blockedByCaller: true });

    // Twice is the same as once, even at the same moment.
    await Promise.all([blockPerson({ blockerId: bob.id, blockedId: ann.id }), blockPerson({ blockerId: bob.id, blockedId: ann.id })]);
    expect(await prisma.block.count({ where: { blockerId: bob.id, blockedId: ann.id } })).toBe(1);

    await unblockPerson({ blockerId: bob.id, blockedId: ann.id });
    await unblockPerson({ blockerId: bob.id, blockedId: ann.id });
    expect(await loadPersonRelation({ callerId: ann.id, targetId: bob.id })).toMatchObject({ blockedCaller: false, blockedByCaller: false });
  });

  it("an id that names nobody: does not exist, shares nothing", async () => {
    const ann = await user("Ann");
    await room("Ann's", [ann.id]);
    expect(await loadPersonRelation({ callerId: ann.id, targetId: "nosuchuser000" })).toEqual({
      exists: false,
      sharesRoom: false,
      blockedCaller: false,
      blockedByCaller: false,
      name: null,
      lastSeenAt: null,
      sharedRooms: [],
    });
  });

  it("the caller's own card opens even before they join any room", async () => {
    const ann = await user("Ann");
    expect(await loadPersonRelation({ callerId: ann.id, targetId: ann.id })).toMatchObject({ exists: true, sharesRoom: true, name: "Ann" });
  });
});

describe("loadPersonRelations", () => {
  it("answers for every id asked about, in one go", async () => {
    const [ann, bob, eve] = await Promise.all([user("Ann"), user("Bob"), user("Eve")]);
    await room("Ann and Bob", [ann.id, bob.id]);
    await blockPerson({ blockerId: bob.id, blockedId: ann.id });
    await blockPerson({ blockerId: ann.id, blockedId: eve.id });
    const relations = await loadPersonRelations({ callerId: ann.id, targetIds: [bob.id, eve.id, "nosuchuser000", bob.id] });
    expect(Object.fromEntries(relations)).toEqual({
      [bob.id]: { exists: true, sharesRoom: true, blockedCaller: true, blockedByCaller: false },
      [eve.id]: { exists: true, sharesRoom: false, blockedCaller: false, blockedByCaller: true },
      nosuchuser000: { exists: false, sharesRoom: false, blockedCaller: false, blockedByCaller: false },
    });
  });
});
