import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createMessage, deleteMessage, editMessage, listMessages, listMessagesAround, listThread, threadParticipants } from "@/lib/messages";
import { reactionsOf, setReaction } from "@/lib/reactions";

vi.mock("@/lib/realtime/notify-user", () => ({ notifyUser: vi.fn(async () => {}), closeUserConnections: vi.fn(async () => {}) }));
vi.mock("@/lib/realtime/pusher", () => ({
  encryptionEnabled: false,
  pusher: { trigger: vi.fn(async () => ({})) },
  publish: <T>(send: () => Promise<T>) => send(),
  describePublishError: String,
}));

const person = (name: string) => prisma.user.create({ data: { email: `${name.toLowerCase()}-${randomUUID()}@example.com`, name }, select: { id: true, name: true } });
async function roomWith(...people: { id: string }[]) {
  return prisma.room.create({ data: { slug: `r-${randomUUID()}`, name: "R", memberships: { createMany: { data: people.map((p) => ({ userId: p.id })) } } }, select: { id: true } });
}
const say = (roomId: string, author: { id: string; name: string }, body: string) => createMessage({ roomId, author, body, clientId: randomUUID() });

describe("reactions", () => {
  it("a double click (or two tabs) counts once; removing twice is harmless; the history carries them, grouped in first-given order", async () => {
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    const room = await roomWith(ada, bob);
    const { message } = await say(room.id, ada, "ship it?");
    const set = (who: { id: string }, emoji: string, reacted: boolean) => setReaction({ roomId: room.id, messageId: message.id, user: who, emoji, reacted });
    const results = await Promise.all([set(bob, "👍", true), set(bob, "👍", true)]);
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    await set(ada, "🎉", true);
    await set(ada, "👍", true);
    expect(await reactionsOf({ messageId: message.id })).toEqual([
      { emoji: "👍", users: [bob, ada] },
      { emoji: "🎉", users: [ada] },
    ]);
    expect((await set(ada, "🎉", false)).changed).toBe(true);
    expect((await set(ada, "🎉", false)).changed).toBe(false);
    const [listed] = (await listMessages({ roomId: room.id, limit: 1 })).messages;
    expect(listed?.reactions).toEqual([{ emoji: "👍", users: [bob, ada] }]);
    // An edit keeps them; a delete takes them away with the text.
    expect((await editMessage({ messageId: message.id, body: "ship it!" })).message.reactions).toEqual([{ emoji: "👍", users: [bob, ada] }]);
    expect((await deleteMessage({ messageId: message.id })).message.reactions).toEqual([]);
    expect(await set(bob, "🚀", true).then(() => null, (e: unknown) => e)).toBeInstanceOf(AppError);
  });

  it("only a member reacts, and only to a message of that room", async () => {
    const [ada, outsider] = await Promise.all([person("Ada"), person("Out")]);
    const room = await roomWith(ada);
    const other = await roomWith(ada);
    const { message } = await say(room.id, ada, "members only");
    const refused = async (p: Promise<unknown>) => ((await p.then(() => null, (e: unknown) => e)) as AppError | null)?.status;
    expect(await refused(setReaction({ roomId: room.id, messageId: message.id, user: outsider, emoji: "👍", reacted: true }))).toBe(404);
    expect(await refused(setReaction({ roomId: other.id, messageId: message.id, user: ada, emoji: "👍", reacted: true }))).toBe(404);
    expect(await prisma.reaction.count({ where: { messageId: message.id } })).toBe(0);
  });
});

describe("history around a message", () => {
  it("is the messages on either side of it, newest first, with a cursor further back", async () => {
    const ada = await person("Ada");
    const room = await roomWith(ada);
    const sent = [];
    for (let i = 0; i < 12; i++) sent.push((await say(room.id, ada, `m${i}`)).message);
    const around = await listMessagesAround({ roomId: room.id, messageId: sent[5]!.id, limit: 3 });
    expect(around?.messages.map((m) => m.body)).toEqual(["m8", "m7", "m6", "m5", "m4", "m3", "m2"]);
    expect(around?.nextCursor).not.toBeNull();
    expect(await listMessagesAround({ roomId: room.id, messageId: "nosuchmessage", limit: 3 })).toBeNull();
  });
});

describe("threads", () => {
  it("a reply counts on its parent, stays out of the room's history and unread, and threads do not nest", async () => {
    const [ada, bob, cy] = await Promise.all([person("Ada"), person("Bob"), person("Cy")]);
    const room = await roomWith(ada, bob, cy);
    const other = await roomWith(ada, bob);
    const { message: parent } = await say(room.id, ada, "plan for Friday?");
    const reply = (author: { id: string; name: string }, body: string, parentId = parent.id, roomId = room.id, mentionIds: string[] = []) =>
      createMessage({ roomId, author, body, clientId: randomUUID(), parentId, mentionIds });
    const first = await reply(bob, "sounds good");
    expect(first.thread).toEqual({ replyCount: 1, lastReplyAt: first.message.createdAt });
    expect(first.message.parentId).toBe(parent.id);
    const second = await reply(cy, "@Ada one question", parent.id, room.id, [ada.id]);
    expect(second.thread?.replyCount).toBe(2);

    const history = (await listMessages({ roomId: room.id, limit: 50 })).messages;
    expect(history.map((m) => m.id)).toEqual([parent.id]);
    expect(history[0]).toMatchObject({ replyCount: 2, lastReplyAt: second.message.createdAt });
    expect((await listThread({ roomId: room.id, parentId: parent.id, afterId: "", limit: 1 }))?.replies.map((m) => m.body)).toEqual(["sounds good"]);
    const page2 = await listThread({ roomId: room.id, parentId: parent.id, afterId: first.message.id, limit: 10 });
    expect(page2?.replies.map((m) => m.body)).toEqual(["@Ada one question"]);
    expect(page2?.nextCursor).toBeNull();
    expect((await threadParticipants({ parentId: parent.id })).sort()).toEqual([ada.id, bob.id, cy.id].sort());

    const refused = async (p: Promise<unknown>) => ((await p.then(() => null, (e: unknown) => e)) as AppError | null)?.status;
    expect(await refused(reply(bob, "nested", first.message.id))).toBe(404);
    expect(await refused(reply(bob, "elsewhere", parent.id, other.id))).toBe(404);
    expect(await listThread({ roomId: other.id, parentId: parent.id, afterId: "", limit: 10 })).toBeNull();
    // Bob's unread: replies do not count; the mention of Ada in one does, for Ada.
    const { listSidebarRooms } = await import("@/lib/read-state");
    expect((await listSidebarRooms({ userId: cy.id })).find((r) => r.id === room.id)).toMatchObject({ unread: 1, mentions: 0 });
    expect((await listSidebarRooms({ userId: ada.id })).find((r) => r.id === room.id)).toMatchObject({ unread: 0, mentions: 1 });
  });
});
