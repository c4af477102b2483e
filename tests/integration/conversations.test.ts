import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { decide } from "@/lib/authz/policy";
import { enforce } from "@/lib/authz/door";
import { addToConversation, openConversation, searchPeople, type AdditionFacts } from "@/lib/conversations";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listMentions } from "@/lib/mentions";
import { createMessage, editMessage } from "@/lib/messages";
import { removeMembership } from "@/lib/moderation";
import { listSidebarRooms, markRead } from "@/lib/read-state";
import { notifyUser } from "@/lib/realtime/notify-user";

// Nothing listens on a realtime port in these tests: user events are recorded.
vi.mock("@/lib/realtime/notify-user", () => ({ notifyUser: vi.fn(async () => {}), closeUserConnections: vi.fn(async () => {}) }));
vi.mock("@/lib/realtime/pusher", () => ({
  encryptionEnabled: false,
  pusher: { triggerBatch: vi.fn(async () => ({})), trigger: vi.fn(async () => ({})), terminateUserConnections: vi.fn(async () => ({})) },
  publish: <T>(send: () => Promise<T>) => send(),
  describePublishError: String,
}));

async function person(name: string) {
  return prisma.user.create({ data: { email: `${name.toLowerCase()}-${randomUUID()}@example.com`, name }, select: { id: true, name: true } });
}

/** A room the people share (conversations are only between people who share one). */
async function sharedRoom(...people: { id: string }[]) {
  return prisma.room.create({
    data: { slug: `shared-${randomUUID()}`, name: "Shared", memberships: { createMany: { data: people.map((p, i) => ({ userId: p.id, role: i === 0 ? ("OWNER" as const) : ("MEMBER" as const) })) } } },
    select: { id: true },
  });
}

const send = (roomId: string, author: { id: string; name: string }, body: string, extra: { mentionIds?: string[]; everyone?: boolean } = {}) =>
  createMessage({ roomId, author, body, clientId: randomUUID(), ...extra });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return { status: (error as AppError).status, message: (error as AppError).message };
}

describe("opening conversations", () => {
  it("the same people get the same conversation, whoever opens it and however many times at once", async () => {
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    await sharedRoom(ada, bob);
    const opened = await Promise.all([openConversation({ caller: ada, userIds: [bob.id] }), openConversation({ caller: bob, userIds: [ada.id] }), openConversation({ caller: ada, userIds: [bob.id, bob.id] })]);
    expect(new Set(opened.map((o) => o.conversation.id)).size).toBe(1);
    expect(opened.filter((o) => o.created)).toHaveLength(1);
    const room = await prisma.room.findUniqueOrThrow({ where: { id: opened[0]!.conversation.id }, select: { kind: true, visibility: true, memberships: { select: { userId: true, role: true } } } });
    expect(room.kind).toBe("DIRECT");
    expect(room.visibility).toBe("PRIVATE");
    expect(room.memberships.map((m) => m.userId).sort()).toEqual([ada.id, bob.id].sort());
    // The other person's pages hear of it at once. The three opens race, so
    // whichever of Ada and Bob won created it, and the other one is told.
    const creator = [ada, bob, ada][opened.findIndex((o) => o.created)]!;
    const other = creator === ada ? bob : ada;
    expect(vi.mocked(notifyUser)).toHaveBeenCalledWith(other.id, "conversation.added", expect.objectContaining({ id: opened[0]!.conversation.id, name: creator.name, kind: "DIRECT" }));
  });

  it("a group of three is its own conversation, distinct from each pair", async () => {
    const [ada, bob, cy] = await Promise.all([person("Ada"), person("Bob"), person("Cy")]);
    await sharedRoom(ada, bob, cy);
    const pair = await openConversation({ caller: ada, userIds: [bob.id] });
    const group = await openConversation({ caller: ada, userIds: [bob.id, cy.id] });
    expect(group.conversation.id).not.toBe(pair.conversation.id);
    expect((await prisma.room.findUniqueOrThrow({ where: { id: group.conversation.id } })).kind).toBe("GROUP");
    expect((await openConversation({ caller: cy, userIds: [ada.id, bob.id] })).conversation.id).toBe(group.conversation.id);
  });

  it("someone the caller shares no room with is not found; someone who blocked them refuses; nobody talks to themselves", async () => {
    const [ada, bob, stranger] = await Promise.all([person("Ada"), person("Bob"), person("Stranger")]);
    await sharedRoom(ada, bob);
    expect(await refusal(openConversation({ caller: ada, userIds: [stranger.id] }))).toMatchObject({ status: 404 });
    expect(await refusal(openConversation({ caller: ada, userIds: ["nosuchuser"] }))).toMatchObject({ status: 404 });
    expect(await refusal(openConversation({ caller: ada, userIds: [ada.id] }))).toMatchObject({ status: 409 });
    await prisma.block.create({ data: { blockerId: bob.id, blockedId: ada.id } });
    expect(await refusal(openConversation({ caller: ada, userIds: [bob.id] }))).toMatchObject({ status: 403, message: "This person is not accepting messages from you." });
    // Bob may still start one with Ada: blocking stops what comes from the blocked person.
    expect((await openConversation({ caller: bob, userIds: [ada.id] })).created).toBe(true);
  });

  it("a block also stops messages in an existing 1:1 conversation, in the statement that sends", async () => {
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    await sharedRoom(ada, bob);
    const { conversation } = await openConversation({ caller: ada, userIds: [bob.id] });
    await send(conversation.id, ada, "hello");
    await prisma.block.create({ data: { blockerId: bob.id, blockedId: ada.id } });
    expect(await refusal(send(conversation.id, ada, "still there?"))).toMatchObject({ status: 403 });
    expect(await prisma.message.count({ where: { roomId: conversation.id } })).toBe(1);
    await send(conversation.id, bob, "bob can still write");
  });

  it("the people picker finds only people the caller shares a room with, not those who blocked them", async () => {
    const tag = randomUUID().slice(0, 8);
    const [ada, bob, cy, stranger] = await Promise.all([person(`Ada ${tag}`), person(`Bob ${tag}`), person(`Cy ${tag}`), person(`Stranger ${tag}`)]);
    await sharedRoom(ada, bob, cy);
    await prisma.block.create({ data: { blockerId: cy.id, blockedId: ada.id } });
    expect((await searchPeople({ callerId: ada.id, query: tag })).map((p) => p.name)).toEqual([bob.name]);
    expect(await searchPeople({ callerId: stranger.id, query: tag })).toEqual([]);
    // LIKE's wildcards are text like any other.
    expect(await searchPeople({ callerId: ada.id, query: "%" })).toEqual([]);
  });
});

/** What the members route does: the policy decides on the facts read under the room's lock. */
const addAs = (caller: { id: string }, roomId: string, userId: string) =>
  addToConversation({
    roomId,
    callerId: caller.id,
    userId,
    check: (facts: AdditionFacts) =>
      enforce(decide({ caller: { userId: caller.id }, room: { kind: "GROUP", visibility: "PRIVATE", role: "MEMBER", channelKey: "0".repeat(32) }, action: { type: "conversation.add", ...facts } })),
  });

describe("groups and blocks", () => {
  it("a group cannot bring together two people one of whom blocked the other, neither when started nor by adding", async () => {
    const [ada, bob, cy, dan] = await Promise.all([person("Ada"), person("Bob"), person("Cy"), person("Dan")]);
    await sharedRoom(ada, bob, cy, dan);
    await prisma.block.create({ data: { blockerId: bob.id, blockedId: cy.id } });
    expect(await refusal(openConversation({ caller: ada, userIds: [bob.id, cy.id] }))).toMatchObject({ status: 403, message: "These people can't all be in one conversation." });
    const { conversation } = await openConversation({ caller: ada, userIds: [bob.id, dan.id] });
    expect(await refusal(addAs(ada, conversation.id, cy.id))).toMatchObject({ status: 403, message: "This person can't be added to this conversation." });
    expect(await prisma.membership.count({ where: { roomId: conversation.id } })).toBe(3);
    // The one who blocked may still be in a group with the adder's other friends.
    const eve = await person("Eve");
    await sharedRoom(ada, eve);
    expect(await addAs(ada, conversation.id, eve.id)).toBe(true);
  });

  it("people added at the same moment never take a group past nine", async () => {
    const everyone = await Promise.all(Array.from({ length: 14 }, (_, i) => person(`P${i}`)));
    const [ada, ...rest] = everyone as [{ id: string; name: string }, ...{ id: string; name: string }[]];
    await sharedRoom(...everyone);
    const { conversation } = await openConversation({ caller: ada, userIds: rest.slice(0, 2).map((p) => p.id) });
    const results = await Promise.allSettled(rest.slice(2).map((p) => addAs(ada, conversation.id, p.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(6);
    expect(results.filter((r) => r.status === "rejected").map((r) => ((r as PromiseRejectedResult).reason as AppError).status)).toEqual([409, 409, 409, 409, 409]);
    expect(await prisma.membership.count({ where: { roomId: conversation.id } })).toBe(9);
  });
});

describe("mentions", () => {
  it("are stored for members only, whatever ids the client sends; @room names every other member", async () => {
    const [ada, bob, cy, outsider] = await Promise.all([person("Ada"), person("Bob"), person("Cy"), person("Outsider")]);
    const room = await sharedRoom(ada, bob, cy);
    const named = await send(room.id, ada, "@Bob and @Outsider look", { mentionIds: [bob.id, outsider.id, ada.id] });
    expect(named.message.mentions).toEqual([{ id: bob.id, name: "Bob" }]);
    expect(named.mentionedUserIds).toEqual([bob.id]);
    const everyone = await send(room.id, ada, "@room meeting", { mentionIds: [bob.id], everyone: true });
    expect(everyone.message.mentionsRoom).toBe(true);
    expect(everyone.message.mentions).toEqual([{ id: bob.id, name: "Bob" }]);
    expect(everyone.mentionedUserIds.sort()).toEqual([bob.id, cy.id].sort());
    const rows = await prisma.mention.findMany({ where: { messageId: { in: [named.message.id, everyone.message.id] } }, select: { userId: true, everyone: true, messageId: true } });
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.userId === cy.id)).toMatchObject({ everyone: true });
  });

  it("an edit that takes a name or @room out takes the mention with it; an edit adds none", async () => {
    const [ada, bob, cy] = await Promise.all([person("Ada"), person("Bob"), person("Cy")]);
    const room = await sharedRoom(ada, bob, cy);
    const sent = await send(room.id, ada, "@room and @Bob, see this", { mentionIds: [bob.id], everyone: true });
    const rows = () => prisma.mention.findMany({ where: { messageId: sent.message.id }, select: { userId: true }, orderBy: { userId: "asc" } });
    expect(await rows()).toHaveLength(2);
    const noRoom = await editMessage({ messageId: sent.message.id, body: "@Bob, see this" });
    expect(noRoom.message).toMatchObject({ mentionsRoom: false, mentions: [{ id: bob.id, name: "Bob" }] });
    expect(await rows()).toEqual([{ userId: bob.id }]);
    const nobody = await editMessage({ messageId: sent.message.id, body: "see this, @Cy" });
    expect(nobody.message.mentions).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it("the Mentions page lists a person's mentions newest first, and none from a room they left", async () => {
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    const stay = await sharedRoom(ada, bob);
    const leave = await sharedRoom(ada, bob);
    const first = await send(stay.id, ada, "@Bob one", { mentionIds: [bob.id] });
    const second = await send(stay.id, ada, "@Bob two", { mentionIds: [bob.id] });
    await send(leave.id, ada, "@Bob secret plans", { mentionIds: [bob.id] });
    await removeMembership({ roomId: leave.id, userId: bob.id, reason: "left" });
    const page = await listMentions({ userId: bob.id, limit: 1 });
    expect(page.mentions.map((m) => m.message.body)).toEqual(["@Bob two"]);
    expect(page.mentions[0]).toMatchObject({ unread: true, room: { id: stay.id, name: "Shared" } });
    const next = await listMentions({ userId: bob.id, before: page.nextCursor!, limit: 10 });
    expect(next.mentions.map((m) => m.message.id)).toEqual([first.message.id]);
    expect(next.nextCursor).toBeNull();
    expect([second, first].map((m) => m.message.id)).toEqual([page.mentions[0]!.message.id, next.mentions[0]!.message.id]);
  });
});

describe("read state", () => {
  it("unread and mention counts come from the read position, which only moves forward", async () => {
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    const room = await sharedRoom(ada, bob);
    const m1 = await send(room.id, ada, "one");
    await send(room.id, bob, "my own message is never unread to me");
    const m2 = await send(room.id, ada, "@Bob two", { mentionIds: [bob.id] });
    const m3 = await send(room.id, ada, "three");
    const counts = async () => (await listSidebarRooms({ userId: bob.id })).find((r) => r.id === room.id)!;
    expect(await counts()).toMatchObject({ unread: 3, mentions: 1, kind: "ROOM", name: "Shared" });

    expect(await markRead({ roomId: room.id, userId: bob.id, messageId: m2.message.id })).toMatchObject({ unread: 1, mentions: 0, lastReadId: m2.message.id });
    expect(vi.mocked(notifyUser)).toHaveBeenCalledWith(bob.id, "read.updated", expect.objectContaining({ roomId: room.id, unread: 1, mentions: 0 }));
    // A stale tab reporting an older message moves nothing back.
    vi.mocked(notifyUser).mockClear();
    expect(await markRead({ roomId: room.id, userId: bob.id, messageId: m1.message.id })).toMatchObject({ unread: 1, lastReadId: m2.message.id });
    expect(vi.mocked(notifyUser)).not.toHaveBeenCalled();
    await markRead({ roomId: room.id, userId: bob.id, messageId: m3.message.id });
    expect(await counts()).toMatchObject({ unread: 0, mentions: 0 });
  });

  it("reading a message from before joining moves nothing: unread still counts from joining", async () => {
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    const room = await sharedRoom(ada);
    const old = await send(room.id, ada, "before Bob joined");
    await prisma.membership.create({ data: { roomId: room.id, userId: bob.id } });
    await send(room.id, ada, "after Bob joined");
    expect(await markRead({ roomId: room.id, userId: bob.id, messageId: old.message.id })).toMatchObject({ unread: 1 });
    expect((await prisma.membership.findUniqueOrThrow({ where: { roomId_userId: { roomId: room.id, userId: bob.id } } })).lastReadId).toBeNull();
  });

  it("refuses a message from another room, and a room the person is not in", async () => {
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    const room = await sharedRoom(ada, bob);
    const elsewhere = await sharedRoom(ada);
    const foreign = await send(elsewhere.id, ada, "elsewhere");
    expect(await refusal(markRead({ roomId: room.id, userId: bob.id, messageId: foreign.message.id }))).toMatchObject({ status: 422 });
    expect(await refusal(markRead({ roomId: elsewhere.id, userId: bob.id, messageId: foreign.message.id }))).toMatchObject({ status: 403 });
  });

  it("counts are capped, and a conversation is named by the other people", async () => {
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    await sharedRoom(ada, bob);
    const { conversation } = await openConversation({ caller: ada, userIds: [bob.id] });
    await prisma.message.createMany({ data: Array.from({ length: 120 }, (_, i) => ({ id: `cap${randomUUID().replaceAll("-", "")}${i}`, roomId: conversation.id, authorId: ada.id, body: `m${i}`, clientId: randomUUID() })) });
    const entry = (await listSidebarRooms({ userId: bob.id })).find((r) => r.id === conversation.id)!;
    expect(entry).toMatchObject({ unread: 100, kind: "DIRECT", name: "Ada" });
    expect(entry.members.map((m) => m.name).sort()).toEqual(["Ada", "Bob"]);
  });
});
