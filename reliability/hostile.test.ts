import { randomBytes, randomUUID } from "node:crypto";
import Pusher from "pusher";
import type PusherClient from "pusher-js";
import type { Channel } from "pusher-js";
import nacl from "tweetnacl";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realtimeClientFor } from "../bench/lib/clients";
import { RawClient } from "../realtime/tests/helpers";
import type { RoomChannelNames } from "@/lib/client/room-channels";
import { RoomClient, api, eventually, fetchChannelsAs, seedRoom, seedUsers, start, type BenchUser, type Stack } from "./support";

// The membership gate against clients that do not play along. A person with a valid account runs
// their own pusher-js and raw WebSocket code against a production build: they never sign in,
// keep old sockets open, ask for signatures in advance (for their own socket id and for socket
// ids they guess), hold on to an encrypted channel's shared secret, and send client events.
// After they are removed, banned or leave, none of that may bring them anything published after
// the removal's response, and they must vanish from everyone's presence list within a second.
//
// The realtime server runs with its sign-in deadline off here: hosted Pusher without "authorized
// connections" has none, so the channel generations alone must hold (the deadline is a second
// wall, tested in realtime/tests/users.test.ts).

const masterKey = randomBytes(32).toString("base64");
const modes = [
  { name: "plain", env: {} as Record<string, string> },
  { name: "encrypted", env: { PUSHER_ENCRYPTION_MASTER_KEY: masterKey } },
] as const;
const actions = ["remove", "ban", "leave"] as const;
type RemovalAction = (typeof actions)[number];

type Signed = Record<string, { status: number; auth?: string; channel_data?: string; shared_secret?: string }>;

/** What any member's browser may ask the app for: signatures of `channelNames` for `socketId`. */
async function sign(stack: Stack, user: BenchUser, socketId: string, channelNames: string[]): Promise<Signed> {
  const { status, body } = await api(stack, user, "/api/pusher/auth", { method: "POST", body: JSON.stringify({ socket_id: socketId, channel_names: channelNames }) });
  expect(status).toBe(200);
  return (body as { channels: Signed }).channels;
}

/** A raw WebSocket to the stack's realtime server, past the handshake. */
async function openRaw(stack: Stack): Promise<RawClient> {
  const ws = new WebSocket(`ws://${stack.pusherEnv.PUSHER_HOST}:${stack.pusherEnv.PUSHER_PORT}/app/${stack.pusherEnv.PUSHER_KEY}?protocol=7&client=js&version=8.6.0`, { perMessageDeflate: false });
  const raw = new RawClient(ws);
  const established = await raw.next("pusher:connection_established", { timeoutMs: 10_000 });
  raw.socketId = (established.data as { socket_id: string }).socket_id;
  return raw;
}

/** Subscribes a raw socket with signatures the app issued (maybe for another socket id): did the server accept? */
async function subscribeWith(raw: RawClient, channel: string, signed: Signed[string] | undefined): Promise<boolean> {
  raw.send({ event: "pusher:subscribe", data: { channel, auth: signed?.auth ?? "", ...(signed?.channel_data && { channel_data: signed.channel_data }) } });
  const answer = await raw.next((f) => f.channel === channel && (f.event === "pusher_internal:subscription_succeeded" || f.event === "pusher:subscription_error"), { timeoutMs: 10_000 });
  return answer.event === "pusher_internal:subscription_succeeded";
}

/** Room events a raw socket got after frame `since`: anything but protocol frames and the harmless move notice. */
const roomEventsSince = (raw: RawClient, since: number) =>
  raw.frames.slice(since).filter((f) => !f.event.startsWith("pusher") && f.event !== "room.rekeyed" && !f.event.startsWith("client-"));

/** Resolves with the milliseconds from `since` until `check` holds (polled: the condition lives in another object's state). */
async function msUntil(check: () => boolean, since: number, timeoutMs: number, what: string): Promise<number> {
  await eventually(check, timeoutMs, what);
  return Date.now() - since;
}

function sdkFor(stack: Stack, encrypted: boolean): Pusher {
  const env = stack.pusherEnv;
  return new Pusher({ appId: env.PUSHER_APP_ID!, key: env.PUSHER_KEY!, secret: env.PUSHER_SECRET!, host: env.PUSHER_HOST!, port: env.PUSHER_PORT!, useTLS: false, ...(encrypted && { encryptionMasterKeyBase64: masterKey }) });
}

/** The never-signed-in pusher-js client of the person about to lose the room, on the room's channels and a public barrier channel. */
async function unsignedPusherJs(stack: Stack, user: BenchUser, names: RoomChannelNames) {
  const client: PusherClient = realtimeClientFor(user, stack, { signin: false });
  const received: { event: string; body?: string }[] = [];
  const join = (name: string) =>
    new Promise<Channel>((resolve, reject) => {
      const channel = client.subscribe(name);
      channel.bind("pusher:subscription_succeeded", () => resolve(channel));
      channel.bind("pusher:subscription_error", (e: unknown) => reject(new Error(`${name}: ${JSON.stringify(e)}`)));
    });
  for (const channel of await Promise.all([join(names.messages), join(names.presence)])) {
    channel.bind_global((event: string, data: { body?: string }) => {
      if (!event.startsWith("pusher:")) received.push({ event, body: data?.body });
    });
  }
  const barrierName = `barrier-${randomBytes(6).toString("hex")}`;
  const barrier = await join(barrierName);
  const barriers: string[] = [];
  barrier.bind("barrier", (data: { id: string }) => barriers.push(data.id));
  return {
    client,
    received,
    /** Everything the server sent this client before now has arrived: a public event published after it has. */
    async drained(sdk: Pusher) {
      const id = randomUUID();
      await sdk.trigger(barrierName, "barrier", { id });
      await eventually(() => barriers.includes(id), 10_000, "the barrier event at the unsigned pusher-js client");
    },
  };
}

describe.each(modes)("hostile clients, $name channels", ({ name: mode, env }) => {
  const encrypted = mode === "encrypted";
  let stack: Stack;
  beforeAll(async () => {
    stack = await start({ env, realtimeEnv: { REALTIME_USER_AUTH_TIMEOUT: "0" } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const act = (action: RemovalAction, owner: BenchUser, target: BenchUser, roomId: string) =>
    action === "leave"
      ? api(stack, target, `/api/rooms/${roomId}/membership`, { method: "DELETE" })
      : api(stack, owner, `/api/rooms/${roomId}/members/${target.id}${action === "ban" ? "?ban=true" : ""}`, { method: "DELETE" });

  const send = async (author: BenchUser, roomId: string, body: string) => {
    const { status, text } = await api(stack, author, `/api/rooms/${roomId}/messages`, { method: "POST", body: JSON.stringify({ body, clientId: randomUUID() }) });
    expect(status, text).toBe(201);
  };

  it.each(actions)("%s: nothing published afterwards reaches any of their connections, and they leave every presence list within 1 s", async (action) => {
    const [owner, stays, target] = await seedUsers(stack.databaseUrl, stack.secret, 3, `hostile-${mode}-${action}`);
    if (!owner || !stays || !target) throw new Error("seedUsers returned fewer users");
    const room = await seedRoom(stack.databaseUrl, [owner, stays, target]);
    const lookup = await fetchChannelsAs(stack, target)(room.id);
    if (lookup.status !== "current") throw new Error("the target is not a member");
    const names = lookup.channels;
    expect(names.messages.startsWith(encrypted ? "private-encrypted-room-" : "private-room-")).toBe(true);
    const sdk = sdkFor(stack, encrypted);

    // The member who stays runs Parley's own client logic.
    const [member] = await RoomClient.open(stack, [stays], room.id, { presence: true });
    const clients: { close(): void }[] = [member!];
    const raws: RawClient[] = [];
    try {
      await member!.subscribed();

      // 1. pusher-js that never signs in, subscribed while a member.
      const unsigned = await unsignedPusherJs(stack, target, names);
      clients.push({ close: () => unsigned.client.disconnect() });
      // 2. An old raw socket, subscribed while a member and kept open.
      const old = await openRaw(stack);
      raws.push(old);
      const oldSigned = await sign(stack, target, old.socketId, [names.messages, names.presence]);
      expect(await subscribeWith(old, names.messages, oldSigned[names.messages])).toBe(true);
      expect(await subscribeWith(old, names.presence, oldSigned[names.presence])).toBe(true);
      // 3. A raw socket whose signatures were asked for in advance and are used only after the removal.
      const presigned = await openRaw(stack);
      raws.push(presigned);
      const early = await sign(stack, target, presigned.socketId, [names.messages, names.presence]);
      const oldSecret = early[names.messages]?.shared_secret;
      expect(Boolean(oldSecret)).toBe(encrypted);
      // 4. Signatures for the next 25 socket ids, as a sequential server would hand them out.
      const [prefix, counter] = presigned.socketId.split(".").map(BigInt) as [bigint, bigint];
      const predicted = new Map<string, Signed>();
      for (let k = 1n; k <= 25n; k++) {
        const id = `${prefix}.${counter + k}`;
        predicted.set(id, await sign(stack, target, id, [names.messages, names.presence]));
      }

      // The attack works while they are a member: all of them see a message, and the others see them online.
      await eventually(() => member!.online.includes(target.id), 10_000, "the target in the member's presence list");
      await send(owner, room.id, `before ${action}`);
      await eventually(() => unsigned.received.some((e) => e.event === "message.created"), 10_000, "the message before removal at the unsigned client");
      await old.next("message.created", { timeoutMs: 10_000 });
      if (!encrypted) expect(unsigned.received.map((e) => e.body)).toContain(`before ${action}`);

      // The removal. Everything below is after its response.
      const response = await act(action, owner, target, room.id);
      expect(response.status, response.text).toBe(204);
      const removedAt = Date.now();
      const marks = raws.map((raw) => raw.frames.length);
      const unsignedMark = unsigned.received.length;

      const presenceMs = await msUntil(() => !member!.online.includes(target.id), removedAt, 10_000, "the target to leave the member's presence list");
      const moved = member!.rooms.names(room.id);
      expect(moved?.messages).not.toBe(names.messages);
      expect(moved?.presence).not.toBe(names.presence);

      // The early signatures still verify (a signature never expires)…
      const presignedAccepted = (await subscribeWith(presigned, names.messages, early[names.messages])) && (await subscribeWith(presigned, names.presence, early[names.presence]));
      // …and fresh sockets try the guessed ids' signatures; the app signs nothing new for them.
      const fresh = await Promise.all(Array.from({ length: 5 }, () => openRaw(stack)));
      raws.push(...fresh);
      let guessed = 0;
      for (const raw of fresh) {
        const signatures = predicted.get(raw.socketId) ?? predicted.values().next().value!;
        if (predicted.has(raw.socketId)) guessed++;
        for (const channel of [names.messages, names.presence, moved!.messages, moved!.presence]) {
          expect(await subscribeWith(raw, channel, signatures[channel])).toBe(predicted.has(raw.socketId) && (channel === names.messages || channel === names.presence));
        }
        const now = await sign(stack, target, raw.socketId, [names.messages, names.presence, moved!.messages, moved!.presence]);
        expect(Object.values(now).map((r) => r.status)).toEqual([403, 403, 403, 403]);
      }
      // A client event on the old presence channel, handled by the server before the messages below.
      old.send({ event: "client-typing", channel: names.presence, data: {} });
      await old.roundTrip();

      // With encryption on, a member's own raw socket on the new channel collects the ciphertexts.
      const observer = encrypted ? await openRaw(stack) : null;
      let newSecret: Uint8Array | null = null;
      if (observer) {
        raws.push(observer);
        const signed = await sign(stack, stays, observer.socketId, [moved!.messages]);
        newSecret = Buffer.from(signed[moved!.messages]!.shared_secret!, "base64");
        expect(await subscribeWith(observer, moved!.messages, signed[moved!.messages])).toBe(true);
      }

      const after = Array.from({ length: 20 }, (_, i) => `after ${action} ${i} ${randomUUID()}`);
      // Two authors take turns: each stays under the flood limit (20 per 10 s).
      for (const [i, body] of after.entries()) await send(i % 2 ? owner : stays, room.id, body);
      await eventually(async () => {
        await member!.settled();
        return after.every((body) => member!.messages.some((m) => m.body === body));
      }, 30_000, "the member to hold every message sent after the removal");

      // Every frame the server owed the hostile sockets has arrived by now.
      await unsigned.drained(sdk);
      await Promise.all(raws.map((raw) => raw.roundTrip()));

      const hostile = {
        // (Client events between the hostile sockets themselves, on the old names, are theirs to exchange.)
        "pusher-js that never signed in": unsigned.received.slice(unsignedMark).filter((e) => e.event !== "room.rekeyed" && !e.event.startsWith("client-")).length,
        "old raw socket": roomEventsSince(old, marks[0]!).length,
        "pre-signed raw socket": roomEventsSince(presigned, marks[1]!).length,
        "fresh sockets with guessed signatures": fresh.reduce((n, raw) => n + roomEventsSince(raw, 0).length, 0),
      };
      expect(hostile).toEqual({ "pusher-js that never signed in": 0, "old raw socket": 0, "pre-signed raw socket": 0, "fresh sockets with guessed signatures": 0 });
      expect(member!.typing).not.toContain(target.id);
      const ids = member!.messages.map((m) => m.id);
      expect(new Set(ids).size, "the member holds a message twice").toBe(ids.length);

      if (observer && oldSecret && newSecret) {
        const ciphertexts = roomEventsSince(observer, 0)
          .filter((f) => f.event === "message.created")
          .map((f) => f.data as { nonce: string; ciphertext: string });
        expect(ciphertexts).toHaveLength(after.length);
        const open = (secret: Uint8Array, c: { nonce: string; ciphertext: string }) => nacl.secretbox.open(Buffer.from(c.ciphertext, "base64"), Buffer.from(c.nonce, "base64"), secret);
        expect(ciphertexts.filter((c) => open(Buffer.from(oldSecret, "base64"), c) !== null), "ciphertexts the old shared secret opens").toEqual([]);
        expect(ciphertexts.every((c) => open(newSecret, c) !== null)).toBe(true);
      }

      console.log(
        `hostile ${mode} ${action}: presence list without them after ${presenceMs} ms; 20 messages after the response: member got 20, hostile connections got 0 ` +
          `(pre-signed socket accepted on the old names: ${presignedAccepted ? "yes" : "no"}; guessed socket ids: ${guessed} of 5)`,
      );
      expect(presenceMs, "removal response → gone from the remaining member's presence list").toBeLessThanOrEqual(1_000);
    } finally {
      clients.forEach((c) => c.close());
      raws.forEach((raw) => raw.terminate());
    }
  });

  it("a send racing a removal: no message whose send began after the removal's response goes out on the old names", async () => {
    const [owner, stays, target] = await seedUsers(stack.databaseUrl, stack.secret, 3, `racing-${mode}`);
    if (!owner || !stays || !target) throw new Error("seedUsers returned fewer users");
    const room = await seedRoom(stack.databaseUrl, [owner, stays, target]);
    const lookup = await fetchChannelsAs(stack, target)(room.id);
    if (lookup.status !== "current") throw new Error("the target is not a member");
    const sdk = sdkFor(stack, encrypted);
    const [member] = await RoomClient.open(stack, [stays], room.id);
    const unsigned = await unsignedPusherJs(stack, target, lookup.channels);
    try {
      await member!.subscribed();
      const started = new Map<string, number>();
      let removedAt = Infinity;
      let sentAfter = 0;
      const sender = (async () => {
        for (let i = 0; sentAfter < 12; i++) {
          const body = `race ${i} ${randomUUID()}`;
          started.set(body, Date.now());
          if (Date.now() > removedAt) sentAfter++;
          await send(i % 2 ? owner : stays, room.id, body);
        }
      })();
      // Let a few go out first, then remove while the sender keeps going.
      await eventually(() => started.size >= 5, 10_000, "the first sends");
      const response = await api(stack, owner, `/api/rooms/${room.id}/members/${target.id}`, { method: "DELETE" });
      expect(response.status).toBe(204);
      removedAt = Date.now();
      await sender;
      await eventually(async () => {
        await member!.settled();
        return [...started.keys()].every((body) => member!.messages.some((m) => m.body === body));
      }, 30_000, "the member to hold every message");
      await unsigned.drained(sdk);

      const got = unsigned.received.filter((e) => e.event === "message.created").map((e) => e.body!);
      const lateArrivals = got.filter((body) => started.get(body)! > removedAt);
      expect(lateArrivals, "messages sent after the removal's response that reached the old names").toEqual([]);
      // The race was real: messages sent before the removal did reach the old names.
      expect(got.length).toBeGreaterThan(0);
      const ids = member!.messages.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      console.log(`racing ${mode}: ${started.size} sends (${sentAfter} after the removal's response); the old names carried ${got.length}, none begun after the response`);
    } finally {
      member!.close();
      unsigned.client.disconnect();
    }
  });
});
