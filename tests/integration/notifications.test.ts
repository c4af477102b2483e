import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import type { MessageDto } from "@/lib/messages-types";
import { deliverMessageNotifications, type NotifiedRoom } from "@/lib/notifications";
import { getPushPublicKey, sendPush } from "@/lib/push";
import { startPushReceiver, type PushReceiver } from "@/tests/support/push-receiver";

const receivers: PushReceiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

type Level = "ALL" | "MENTIONS" | "NOTHING";

async function person({ name, level = "MENTIONS", push = true }: { name: string; level?: Level; push?: boolean }) {
  const user = await prisma.user.create({ data: { email: `${name.toLowerCase()}-${randomUUID()}@example.com`, name, notifyLevel: level }, select: { id: true, name: true } });
  let receiver: PushReceiver | null = null;
  if (push) {
    receiver = await startPushReceiver();
    receivers.push(receiver);
    await prisma.pushSubscription.create({ data: { userId: user.id, endpoint: receiver.endpoint, p256dh: receiver.keys.p256dh, auth: receiver.keys.auth } });
  }
  return { ...user, receiver };
}

async function conversation({ kind = "ROOM", name = "general", members }: { kind?: "ROOM" | "DIRECT" | "GROUP"; name?: string; members: { id: string; muted?: boolean }[] }): Promise<NotifiedRoom> {
  const room = await prisma.room.create({
    data: { slug: `${name}-${randomUUID().slice(0, 8)}`, name, kind, memberships: { create: members.map((m) => ({ userId: m.id, muted: m.muted ?? false })) } },
    select: { id: true, slug: true, name: true, kind: true },
  });
  return room;
}

async function message({ room, author, body }: { room: NotifiedRoom; author: { id: string; name: string }; body: string }): Promise<MessageDto> {
  const row = await prisma.message.create({ data: { roomId: room.id, authorId: author.id, body, clientId: randomUUID() } });
  return { id: row.id, roomId: room.id, author: { id: author.id, name: author.name }, body, clientId: row.clientId, createdAt: row.createdAt.toISOString(), editedAt: null, deletedAt: null, mentions: [], mentionsRoom: false, reactions: [], parentId: null, replyCount: 0, lastReplyAt: null, attachments: [] };
}

describe("deliverMessageNotifications", () => {
  it("push is on in tests without configuration: a development key pair is generated", () => {
    expect(getPushPublicKey()).toMatch(/^[A-Za-z0-9_-]{87}$/);
  });

  it("a mentioned member with a subscription receives the decrypted payload: title, body, url, tag; urgency high", async () => {
    const ada = await person({ name: "Ada" });
    const bob = await person({ name: "Bob" });
    const room = await conversation({ name: "general", members: [ada, bob] });
    const sent = await message({ room, author: ada, body: "@Bob the build is green" });

    const result = await deliverMessageNotifications({ message: sent, room, mentionedUserIds: [bob.id] });

    expect(result.recipients).toEqual([bob.id]);
    expect(result.push).toEqual({ sent: 1, removed: 0, failed: 0 });
    const push = await bob.receiver!.next();
    expect(push.payload).toEqual({
      title: "Ada in #general",
      body: "@Bob the build is green",
      url: `/rooms/${room.slug}?message=${sent.id}`,
      tag: room.id,
      roomId: room.id,
      messageId: sent.id,
    });
    expect(push.headers.urgency).toBe("high");
    expect(push.headers.authorization).toMatch(/^vapid t=.+, k=/);
    expect(ada.receiver!.count()).toBe(0);
  });

  it("muted, NOTHING, not mentioned in a ROOM, and named but not a member: nothing; a mentioned control member in the same call gets it", async () => {
    const author = await person({ name: "Ada" });
    const control = await person({ name: "Control" });
    const muted = await person({ name: "Muted" });
    const nothing = await person({ name: "Quiet", level: "NOTHING" });
    const bystander = await person({ name: "Bystander" });
    const outsider = await person({ name: "Outsider", level: "ALL" });
    const room = await conversation({ name: "general", members: [author, control, { id: muted.id, muted: true }, nothing, bystander] });
    const sent = await message({ room, author, body: "hello all" });

    const result = await deliverMessageNotifications({ message: sent, room, mentionedUserIds: [control.id, muted.id, nothing.id, outsider.id, author.id] });

    expect(result.recipients).toEqual([control.id]);
    expect((await control.receiver!.next()).payload).toMatchObject({ body: "hello all" });
    // The call resolves after every push was answered: whatever was sent has arrived.
    for (const silent of [author, muted, nothing, bystander, outsider]) expect(silent.receiver!.count(), silent.name).toBe(0);
  });

  it("level ALL is notified of every room message (urgency normal); MENTIONS of every DIRECT message, titled with the author's name", async () => {
    const ada = await person({ name: "Ada" });
    const all = await person({ name: "Everything", level: "ALL" });
    const room = await conversation({ name: "random", members: [ada, all] });
    await deliverMessageNotifications({ message: await message({ room, author: ada, body: "lunch?" }), room, mentionedUserIds: [] });
    const roomPush = await all.receiver!.next();
    expect(roomPush.payload).toMatchObject({ title: "Ada in #random", body: "lunch?" });
    expect(roomPush.headers.urgency).toBe("normal");

    const bob = await person({ name: "Bob" });
    const direct = await conversation({ kind: "DIRECT", name: "", members: [ada, bob] });
    const result = await deliverMessageNotifications({ message: await message({ room: direct, author: ada, body: "psst" }), room: direct, mentionedUserIds: [] });
    expect(result.recipients).toEqual([bob.id]);
    const dm = await bob.receiver!.next();
    expect(dm.payload).toMatchObject({ title: "Ada", body: "psst", url: `/rooms/${direct.slug}?message=${(dm.payload as { messageId: string }).messageId}` });
    expect(dm.headers.urgency).toBe("high");
  });

  it("a GROUP message is titled with the members' names, a long body is cut to 200 characters, and a title override wins", async () => {
    const ada = await person({ name: "Ada" });
    const bob = await person({ name: "Bob" });
    const cy = await person({ name: "Cy" });
    const group = await conversation({ kind: "GROUP", name: "", members: [cy, ada, bob] });
    const long = "word ".repeat(100);
    await deliverMessageNotifications({ message: await message({ room: group, author: ada, body: long }), room: group, mentionedUserIds: [] });
    const [toBob, toCy] = [(await bob.receiver!.next()).payload as { title: string; body: string }, (await cy.receiver!.next()).payload as { title: string }];
    expect(toBob.title).toBe("Ada in Ada, Bob, Cy");
    expect(toCy.title).toBe("Ada in Ada, Bob, Cy");
    expect(Array.from(toBob.body)).toHaveLength(200);
    expect(toBob.body.endsWith("…")).toBe(true);

    await deliverMessageNotifications({ message: await message({ room: group, author: ada, body: "hi" }), room: group, mentionedUserIds: [], title: "Team Ada" });
    expect((await bob.receiver!.next()).payload).toMatchObject({ title: "Team Ada" });
  });

  it("a subscription answered 410 Gone is deleted; the member's other subscription still gets the push", async () => {
    const ada = await person({ name: "Ada" });
    const bob = await person({ name: "Bob" });
    const gone = await startPushReceiver();
    receivers.push(gone);
    gone.respondWith(410);
    await prisma.pushSubscription.create({ data: { userId: bob.id, endpoint: gone.endpoint, p256dh: gone.keys.p256dh, auth: gone.keys.auth } });
    const room = await conversation({ kind: "DIRECT", name: "", members: [ada, bob] });

    const result = await deliverMessageNotifications({ message: await message({ room, author: ada, body: "are you there?" }), room, mentionedUserIds: [] });

    expect(result.push).toEqual({ sent: 1, removed: 1, failed: 0 });
    expect((await gone.next()).payload).toMatchObject({ body: "are you there?" });
    expect((await bob.receiver!.next()).payload).toMatchObject({ body: "are you there?" });
    expect(await prisma.pushSubscription.findMany({ where: { userId: bob.id }, select: { endpoint: true } })).toEqual([{ endpoint: bob.receiver!.endpoint }]);
  });

  it("a push service answering 500 or not listening is counted as failed and logged, the subscription kept, and nothing thrown", async () => {
    const bob = await person({ name: "Bob", push: false });
    const broken = await startPushReceiver();
    receivers.push(broken);
    broken.respondWith(500);
    const closed = await startPushReceiver();
    await closed.close();
    for (const r of [broken, closed]) await prisma.pushSubscription.create({ data: { userId: bob.id, endpoint: r.endpoint, p256dh: r.keys.p256dh, auth: r.keys.auth } });

    const result = await sendPush({ userIds: [bob.id], payload: { title: "t", body: "b", url: "/", tag: "x", roomId: "x", messageId: "y" } });

    expect(result).toEqual({ sent: 0, removed: 0, failed: 2 });
    expect(await prisma.pushSubscription.count({ where: { userId: bob.id } })).toBe(2);
  });
});
