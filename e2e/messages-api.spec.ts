import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import type { Channel } from "pusher-js";
import { createRoom, disposePersonas, persona, realtimeClient, roomChannels, type Persona } from "./support";

test.afterAll(disposePersonas);

interface Message {
  id: string;
  body: string | null;
  author: { id: string; name: string };
  editedAt: string | null;
  deletedAt: string | null;
}

const send = (who: Persona, roomId: string, body: string, clientId = randomUUID(), headers: Record<string, string> = {}) =>
  who.api.post(`/api/rooms/${roomId}/messages`, { data: { body, clientId }, headers });

async function member(owner: Persona, roomId: string, name: string): Promise<Persona> {
  const joiner = await persona(name);
  expect((await joiner.api.post(`/api/rooms/${roomId}/join`)).status()).toBe(200);
  return joiner;
}

test.describe("messages API", () => {
  test("POST then GET: a member's message is stored trimmed and listed newest first", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner);
    const first = await send(owner, room.id, "  first  ");
    expect(first.status()).toBe(201);
    expect(((await first.json()) as { message: Message }).message).toMatchObject({ body: "first", author: { id: owner.user.id, name: owner.user.name } });
    expect((await send(owner, room.id, "second")).status()).toBe(201);
    const history = (await (await owner.api.get(`/api/rooms/${room.id}/messages`)).json()) as { messages: Message[]; nextCursor: string | null };
    expect(history.messages.map((m) => m.body)).toEqual(["second", "first"]);
    expect(history.nextCursor).toBeNull();
  });

  test("a retried send with the same clientId returns the same message, never a duplicate", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner);
    const clientId = randomUUID();
    const a = await send(owner, room.id, "only once", clientId);
    const b = await send(owner, room.id, "only once", clientId);
    expect(a.status()).toBe(201);
    expect(b.status()).toBe(200);
    expect(((await b.json()) as { message: Message }).message.id).toBe(((await a.json()) as { message: Message }).message.id);
    const history = (await (await owner.api.get(`/api/rooms/${room.id}/messages`)).json()) as { messages: Message[] };
    expect(history.messages).toHaveLength(1);
  });

  test("history pages through 120 messages 50 at a time without gaps or repeats", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner, "PUBLIC");
    const senders = [owner, ...(await Promise.all([1, 2, 3, 4, 5].map((i) => member(owner, room.id, `sender${i}`))))];
    // 6 senders × 20 messages stays within the 20-per-10-seconds limit of each.
    for (let i = 0; i < 120; i++) expect((await send(senders[i % 6]!, room.id, `m${i}`)).status()).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/rooms/${room.id}/messages${cursor ? `?before=${cursor}` : ""}`;
      const page = (await (await owner.api.get(url)).json()) as { messages: Message[]; nextCursor: string | null };
      expect(page.messages.length).toBeLessThanOrEqual(50);
      seen.push(...page.messages.map((m) => m.body!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => `m${119 - i}`));
  });

  test("bad input gets a readable 400/422, and nothing is stored", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner);
    const blank = await send(owner, room.id, "   ");
    expect(blank.status()).toBe(422);
    expect((await blank.json()).error.message).toBe("Write a message first.");
    expect((await send(owner, room.id, "x".repeat(4001))).status()).toBe(422);
    expect((await owner.api.post(`/api/rooms/${room.id}/messages`, { data: { body: "no client id" } })).status()).toBe(422);
    expect((await owner.api.get(`/api/rooms/${room.id}/messages?before=%%%`)).status()).toBe(400);
    expect((await owner.api.get(`/api/rooms/${room.id}/messages?limit=0`)).status()).toBe(422);
    const history = (await (await owner.api.get(`/api/rooms/${room.id}/messages`)).json()) as { messages: Message[] };
    expect(history.messages).toHaveLength(0);
  });

  test("non-members get 404 for a private room and 403 for a public one; signed out gets 401", async ({ request }) => {
    const [owner, outsider] = await Promise.all([persona("owner"), persona("outsider")]);
    const secret = await createRoom(owner, "PRIVATE");
    const open = await createRoom(owner, "PUBLIC");
    expect((await send(outsider, secret.id, "hi")).status()).toBe(404);
    expect((await outsider.api.get(`/api/rooms/${secret.id}/messages`)).status()).toBe(404);
    expect((await send(outsider, open.id, "hi")).status()).toBe(403);
    expect((await outsider.api.get(`/api/rooms/${open.id}/messages`)).status()).toBe(403);
    expect((await request.get(`/api/rooms/${open.id}/messages`)).status()).toBe(401);
    expect((await request.post(`/api/rooms/${open.id}/messages`, { data: { body: "x", clientId: randomUUID() } })).status()).toBe(401);
  });

  test("edit own (marked edited), not another's; delete own, and owners delete anyone's", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner, "PUBLIC");
    const alice = await member(owner, room.id, "alice");
    const mine = ((await (await send(alice, room.id, "typo")).json()) as { message: Message }).message;
    const edited = await alice.api.patch(`/api/rooms/${room.id}/messages/${mine.id}`, { data: { body: "fixed" } });
    expect(edited.status()).toBe(200);
    expect(((await edited.json()) as { message: Message }).message).toMatchObject({ body: "fixed", editedAt: expect.any(String) });
    expect((await owner.api.patch(`/api/rooms/${room.id}/messages/${mine.id}`, { data: { body: "not yours" } })).status()).toBe(403);

    const ownerMessage = ((await (await send(owner, room.id, "owner's")).json()) as { message: Message }).message;
    expect((await alice.api.delete(`/api/rooms/${room.id}/messages/${ownerMessage.id}`)).status()).toBe(403);
    const removed = await owner.api.delete(`/api/rooms/${room.id}/messages/${mine.id}`);
    expect(removed.status()).toBe(200);
    expect(((await removed.json()) as { message: Message }).message).toMatchObject({ body: null, deletedAt: expect.any(String) });
    const history = (await (await alice.api.get(`/api/rooms/${room.id}/messages`)).json()) as { messages: Message[] };
    expect(history.messages.find((m) => m.id === mine.id)).toMatchObject({ body: null });
    expect((await alice.api.patch(`/api/rooms/${room.id}/messages/${mine.id}`, { data: { body: "again" } })).status()).toBe(409);
    expect((await owner.api.delete(`/api/rooms/${room.id}/messages/nope${mine.id}`)).status()).toBe(404);
  });

  test("the 21st message in 10 seconds gets 429 with Retry-After", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner);
    for (let i = 0; i < 20; i++) expect((await send(owner, room.id, `fast ${i}`)).status()).toBe(201);
    const limited = await send(owner, room.id, "one too many");
    expect(limited.status()).toBe(429);
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await limited.json()).error.message).toMatch(/too fast/);
  });

  test("a sent message is broadcast to the room's other members, not back to the sender's socket", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner, "PUBLIC");
    const bob = await member(owner, room.id, "bob");
    const names = await roomChannels(owner, room.id);
    const ownerClient = realtimeClient(owner);
    const bobClient = realtimeClient(bob);
    try {
      const subscribe = (client: ReturnType<typeof realtimeClient>) =>
        new Promise<Channel>((resolve) => {
          const channel = client.subscribe(names.messages);
          channel.bind("pusher:subscription_succeeded", () => resolve(channel));
        });
      const [ownerChannel, bobChannel] = await Promise.all([subscribe(ownerClient), subscribe(bobClient)]);
      const ownerGot: unknown[] = [];
      ownerChannel.bind("message.created", (m: unknown) => ownerGot.push(m));
      const bobGot = new Promise<Message>((resolve) => bobChannel.bind("message.created", resolve));
      const response = await send(owner, room.id, "live!", randomUUID(), { "x-socket-id": ownerClient.connection.socket_id });
      expect(response.status()).toBe(201);
      expect(await bobGot).toMatchObject({ body: "live!", author: { id: owner.user.id } });
      // Bob's copy has arrived; the sender's socket, excluded by X-Socket-ID, got none.
      const second = new Promise((resolve) => bobChannel.bind("message.created", resolve));
      await send(owner, room.id, "again", randomUUID(), { "x-socket-id": ownerClient.connection.socket_id });
      await second;
      expect(ownerGot).toEqual([]);
    } finally {
      ownerClient.disconnect();
      bobClient.disconnect();
    }
  });
});
