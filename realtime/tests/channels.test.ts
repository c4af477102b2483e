// Subscriptions: public, private, encrypted, presence and cache channels, signature checks, limits
// and subscription counts.
import { afterEach, describe, expect, it } from "vitest";
import type { PresenceChannel } from "pusher-js";
import { channelAuth } from "../crypto";
import {
  app,
  cleanup,
  client,
  collect,
  encryptionMasterKeyBase64,
  join,
  rawClient,
  serverSdk,
  sleep,
  startServer,
  until,
  waitFor,
  type RawClient,
} from "./helpers";

afterEach(cleanup);

/** Asserts `raw` got a refusal for `channel`: pusher:error and a channel-scoped pusher:subscription_error. */
async function expectRefused(raw: RawClient, channel: string): Promise<void> {
  await raw.error();
  const refusal = await raw.next("pusher:subscription_error", { channel });
  expect(refusal.data).toMatchObject({ type: "AuthError" });
  expect(raw.seen("pusher_internal:subscription_succeeded", channel)).toHaveLength(0);
}

describe("public channels", () => {
  it("public - a subscriber receives an event triggered with the SDK, data double-encoded on the wire", async () => {
    const server = await startServer();
    const pusher = client(server);
    const channel = await join(pusher, "news");
    const raw = await rawClient(server);
    await raw.subscribe("news");
    const received = waitFor(channel, "headline");
    await serverSdk(server).trigger("news", "headline", { title: "hi", n: 1 });
    expect(await received).toEqual({ title: "hi", n: 1 });
    const frame = await raw.next("headline", { channel: "news" });
    expect(frame.rawData).toBe(JSON.stringify({ title: "hi", n: 1 }));
  });

  it("unsubscribe - a client that unsubscribed receives nothing more, and the channel is vacated", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.subscribe("news");
    raw.send({ event: "pusher:unsubscribe", data: { channel: "news" } });
    await raw.roundTrip();
    const info = (await (await serverSdk(server).get({ path: "/channels/news" })).json()) as { occupied: boolean };
    expect(info.occupied).toBe(false);
    const other = await rawClient(server);
    await other.subscribe("news");
    await serverSdk(server).trigger("news", "headline", {});
    await other.next("headline");
    expect(raw.seen("headline")).toHaveLength(0);
  });

  it("subscribe - a second subscribe to the same channel is confirmed again and changes nothing", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.subscribe("news");
    await raw.subscribe("news");
    await serverSdk(server).trigger("news", "headline", {});
    await raw.next("headline");
    await raw.roundTrip();
    expect(raw.seen("headline")).toHaveLength(1);
  });

  it("subscribe - invalid channel names and reserved # channels are refused", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    for (const name of ["has space", "é", "x".repeat(165), "", "news!"]) {
      raw.sendSubscribe(name);
      await raw.error();
    }
    raw.sendSubscribe("#server-to-user-bob");
    await expectRefused(raw, "#server-to-user-bob");
    await raw.subscribe("x".repeat(164));
    await raw.subscribe("a-Z_0=9@,.;");
  });

  it("subscribe - over maxSubscriptionsPerConnection is refused; channels already joined stay joined", async () => {
    const server = await startServer({ maxSubscriptionsPerConnection: 3 });
    const raw = await rawClient(server);
    for (const name of ["a", "b", "c"]) await raw.subscribe(name);
    raw.sendSubscribe("d");
    await expectRefused(raw, "d");
    // Re-subscribing to one it has is not a new subscription.
    await raw.subscribe("a");
    await serverSdk(server).trigger(["a", "d"], "ping", {});
    await raw.next("ping", { channel: "a" });
    await raw.roundTrip();
    expect(raw.seen("ping", "d")).toHaveLength(0);
  });
});

describe("private channels", () => {
  it("private - a bad signature is refused (pusher:error + pusher:subscription_error) and that socket gets no events of the channel", async () => {
    const server = await startServer();
    const member = await rawClient(server);
    await member.subscribe("private-room");
    const intruder = await rawClient(server);
    intruder.sendSubscribe("private-room", { auth: `${app.key}:${"0".repeat(64)}` });
    await expectRefused(intruder, "private-room");
    await serverSdk(server).trigger("private-room", "secret", { text: "for members" });
    await member.next("secret");
    await intruder.roundTrip();
    expect(intruder.seen("secret")).toHaveLength(0);
  });

  it("private - a signature made for another socket id is refused", async () => {
    const server = await startServer();
    const [victim, thief] = await Promise.all([rawClient(server), rawClient(server)]);
    thief.sendSubscribe("private-room", { auth: channelAuth(app.key, app.secret, victim.socketId, "private-room") });
    await expectRefused(thief, "private-room");
  });

  it("private - missing auth, another app's secret, another channel's signature are all refused", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    raw.send({ event: "pusher:subscribe", data: { channel: "private-a" } });
    await expectRefused(raw, "private-a");
    raw.sendSubscribe("private-b", { auth: channelAuth(app.key, "other-secret", raw.socketId, "private-b") });
    await expectRefused(raw, "private-b");
    raw.sendSubscribe("private-c", { auth: channelAuth(app.key, app.secret, raw.socketId, "private-other") });
    await expectRefused(raw, "private-c");
    raw.sendSubscribe("private-d", { auth: channelAuth("other-key", app.secret, raw.socketId, "private-d") });
    await expectRefused(raw, "private-d");
  });

  it("private - pusher-js handed a bad signature surfaces pusher:subscription_error on the channel", async () => {
    const server = await startServer();
    const pusher = client(server, { authorize: (_params, callback) => callback(null, { auth: `${app.key}:bad` }) });
    const channel = pusher.subscribe("private-room");
    const refusal = await waitFor<{ type?: string; status?: number }>(channel, "pusher:subscription_error");
    expect(refusal.type).toBe("AuthError");
    expect(channel.subscribed).toBe(false);
  });
});

describe("encrypted channels", () => {
  it("private-encrypted - pusher-js decrypts what the SDK encrypted; the wire only ever carries {nonce, ciphertext}", async () => {
    const server = await startServer();
    const pusher = client(server, { encrypted: true });
    const channel = await join(pusher, "private-encrypted-dm");
    const raw = await rawClient(server);
    await raw.subscribe("private-encrypted-dm");
    const received = waitFor(channel, "message");
    const sdk = serverSdk(server, { encryptionMasterKeyBase64 });
    await sdk.trigger("private-encrypted-dm", "message", { text: "top secret plaintext" });
    expect(await received).toEqual({ text: "top secret plaintext" });
    const frame = await raw.next("message", { channel: "private-encrypted-dm" });
    expect(Object.keys(frame.data as object).sort()).toEqual(["ciphertext", "nonce"]);
    expect(frame.text).not.toContain("top secret");
  });

  it("private-encrypted - a bad signature is refused", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    raw.sendSubscribe("private-encrypted-dm", { auth: channelAuth(app.key, app.secret, raw.socketId, "private-dm") });
    await expectRefused(raw, "private-encrypted-dm");
  });
});

describe("presence channels", () => {
  it("presence - subscription_succeeded carries ids, hash and count of the members already there", async () => {
    const server = await startServer();
    const alice = client(server, { presence: { user_id: "alice", user_info: { name: "Alice" } } });
    await join(alice, "presence-room");
    const raw = await rawClient(server);
    const frame = await raw.subscribe("presence-room", { member: { user_id: "bob", user_info: { name: "Bob" } } });
    const presence = (frame.data as { presence: { ids: string[]; hash: Record<string, unknown>; count: number } }).presence;
    expect([...presence.ids].sort()).toEqual(["alice", "bob"]);
    expect(presence.hash).toEqual({ alice: { name: "Alice" }, bob: { name: "Bob" } });
    expect(presence.count).toBe(2);
  });

  it("presence - member_added reaches the others (not the joiner) with user_id and user_info", async () => {
    const server = await startServer();
    const watcher = await rawClient(server);
    await watcher.subscribe("presence-room", { member: { user_id: "watcher" } });
    const joiner = await rawClient(server);
    await joiner.subscribe("presence-room", { member: { user_id: "carol", user_info: { role: "admin" } } });
    const added = await watcher.next("pusher_internal:member_added", { channel: "presence-room" });
    expect(added.data).toEqual({ user_id: "carol", user_info: { role: "admin" } });
    await joiner.roundTrip();
    expect(joiner.seen("pusher_internal:member_added")).toHaveLength(0);
  });

  it("presence - a second tab of the same user adds no member", async () => {
    const server = await startServer();
    const bob = client(server, { presence: { user_id: "bob" } });
    const bobChannel = await join<PresenceChannel>(bob, "presence-room");
    const added = collect(bobChannel, "pusher:member_added");
    const tab1 = client(server, { presence: { user_id: "alice", user_info: { name: "Alice" } } });
    await join(tab1, "presence-room");
    await until(() => added.length === 1, 3_000, "alice's member_added");
    const tab2 = client(server, { presence: { user_id: "alice", user_info: { name: "Alice" } } });
    const tab2Channel = await join<PresenceChannel>(tab2, "presence-room");
    await sleep(200);
    expect(added).toHaveLength(1);
    expect(bobChannel.members.count).toBe(2);
    expect(tab2Channel.members.count).toBe(2);
    const sdk = serverSdk(server);
    const users = (await (await sdk.get({ path: "/channels/presence-room/users" })).json()) as { users: Array<{ id: string }> };
    expect(users.users.map((u) => u.id).sort()).toEqual(["alice", "bob"]);
    const info = (await (await sdk.get({ path: "/channels/presence-room", params: { info: "user_count,subscription_count" } })).json()) as Record<string, unknown>;
    expect(info).toEqual({ occupied: true, user_count: 2, subscription_count: 3 });
  });

  it("presence - member_removed is sent only when the last socket of a user leaves", async () => {
    const server = await startServer();
    const bob = client(server, { presence: { user_id: "bob" } });
    const bobChannel = await join<PresenceChannel>(bob, "presence-room");
    const removed = collect<{ id: string }>(bobChannel, "pusher:member_removed");
    const tab1 = await rawClient(server);
    await tab1.subscribe("presence-room", { member: { user_id: "alice" } });
    const tab2 = await rawClient(server);
    await tab2.subscribe("presence-room", { member: { user_id: "alice" } });
    tab1.send({ event: "pusher:unsubscribe", data: { channel: "presence-room" } });
    await tab1.roundTrip();
    await sleep(200);
    expect(removed).toHaveLength(0);
    expect(bobChannel.members.get("alice")).not.toBeNull();
    tab2.terminate();
    await until(() => removed.length === 1, 3_000, "alice's member_removed");
    expect(removed[0]!.data.id).toBe("alice");
    expect(bobChannel.members.count).toBe(1);
  });

  it("presence - the 101st member is refused; another socket of a member already in is not", async () => {
    const server = await startServer();
    const members = await Promise.all(Array.from({ length: 100 }, () => rawClient(server)));
    await Promise.all(members.map((raw, i) => raw.subscribe("presence-big", { member: { user_id: `user-${i}` } })));
    const extra = await rawClient(server);
    extra.sendSubscribe("presence-big", { member: { user_id: "user-100" } });
    await expectRefused(extra, "presence-big");
    const secondTab = await rawClient(server);
    const frame = await secondTab.subscribe("presence-big", { member: { user_id: "user-7" } });
    expect((frame.data as { presence: { count: number } }).presence.count).toBe(100);
  });

  it("presence - user_info over 1 KB is refused, 1 KB is accepted", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    // JSON.stringify({ blob }) is 11 characters plus the string.
    raw.sendSubscribe("presence-a", { member: { user_id: "big", user_info: { blob: "x".repeat(1025 - 11) } } });
    await expectRefused(raw, "presence-a");
    await raw.subscribe("presence-b", { member: { user_id: "fits", user_info: { blob: "x".repeat(1024 - 11) } } });
  });

  it("presence - a user_id over 128 characters is refused, 128 is accepted", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    raw.sendSubscribe("presence-a", { member: { user_id: "u".repeat(129) } });
    await expectRefused(raw, "presence-a");
    for (const bad of ['{"user_info":{}}', '{"user_id":""}', '{"user_id":{"a":1}}', "not json", "[1]"]) {
      raw.sendSubscribe("presence-c", { channelData: bad });
      await expectRefused(raw, "presence-c");
    }
    await raw.subscribe("presence-b", { member: { user_id: "u".repeat(128) } });
  });

  it("presence - channel_data that differs from what was signed is refused", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const signedFor = JSON.stringify({ user_id: "mallory" });
    raw.sendSubscribe("presence-room", {
      channelData: JSON.stringify({ user_id: "admin" }),
      auth: channelAuth(app.key, app.secret, raw.socketId, "presence-room", signedFor),
    });
    await expectRefused(raw, "presence-room");
    // A private-channel style signature (without channel_data) is no good either.
    raw.sendSubscribe("presence-room", { member: { user_id: "mallory" }, auth: channelAuth(app.key, app.secret, raw.socketId, "presence-room") });
    await expectRefused(raw, "presence-room");
  });
});

describe("cache channels", () => {
  it("cache - a new subscriber immediately gets the last event", async () => {
    const server = await startServer();
    const sdk = serverSdk(server);
    await sdk.trigger("cache-price", "tick", { v: 1 });
    await sdk.trigger("cache-price", "tick", { v: 2 });
    const pusher = client(server);
    const channel = pusher.subscribe("cache-price");
    expect(await waitFor(channel, "tick")).toEqual({ v: 2 });
    await sdk.trigger("private-cache-y", "state", { ok: true });
    const late = await rawClient(server);
    await late.subscribe("private-cache-y");
    expect((await late.next("state", { channel: "private-cache-y" })).data).toEqual({ ok: true });
    expect(late.seen("pusher:cache_miss")).toHaveLength(0);
  });

  it("cache - a subscriber gets pusher:cache_miss when nothing was sent", async () => {
    const server = await startServer();
    const pusher = client(server);
    const channel = pusher.subscribe("cache-empty");
    await waitFor(channel, "pusher:cache_miss");
    const raw = await rawClient(server);
    await raw.subscribe("presence-cache-room", { member: { user_id: "u1" } });
    await raw.next("pusher:cache_miss", { channel: "presence-cache-room" });
  });

  it("cache - channel info reports the cached event and its ttl", async () => {
    const server = await startServer();
    const sdk = serverSdk(server);
    await sdk.trigger("cache-price", "tick", { v: 9 });
    const info = (await (await sdk.get({ path: "/channels/cache-price", params: { info: "cache" } })).json()) as {
      occupied: boolean;
      cache?: { data: string; ttl: number };
    };
    expect(info.occupied).toBe(false);
    expect(info.cache?.data).toBe(JSON.stringify({ v: 9 }));
    expect(info.cache?.ttl).toBeGreaterThan(0);
    expect(info.cache?.ttl).toBeLessThanOrEqual(30 * 60);
  });

  it("cache - an event past its ttl is not replayed", async () => {
    const server = await startServer({ cacheTtlSeconds: 0 });
    await serverSdk(server).trigger("cache-price", "tick", { v: 1 });
    const raw = await rawClient(server);
    await raw.subscribe("cache-price");
    await raw.next("pusher:cache_miss", { channel: "cache-price" });
    expect(raw.seen("tick")).toHaveLength(0);
  });
});

describe("subscription counts", () => {
  it("subscription_count - subscribers are told the channel's subscriber count when enabled", async () => {
    const server = await startServer({ subscriptionCount: true });
    const a = client(server);
    const channel = await join(a, "lobby");
    const counts = collect<{ subscription_count: number }>(channel, "pusher:subscription_count");
    const b = client(server);
    await join(b, "lobby");
    const raw = await rawClient(server);
    await raw.subscribe("lobby");
    const frame = await raw.next("pusher_internal:subscription_count", { channel: "lobby", timeoutMs: 2_500 });
    expect(frame.data).toEqual({ subscription_count: 3 });
    await until(() => counts.length > 0, 1_000, "pusher:subscription_count at pusher-js");
    expect(counts.at(-1)?.data).toEqual({ subscription_count: 3 });
    expect((channel as unknown as { subscriptionCount: number | null }).subscriptionCount).toBe(3);
  });

  it("subscription_count - presence channels get no subscription_count (they have member events)", async () => {
    const server = await startServer({ subscriptionCount: true });
    const raw = await rawClient(server);
    await raw.subscribe("presence-room", { member: { user_id: "u1" } });
    await raw.subscribe("lobby");
    // lobby's count timer started after presence-room's would have: once it fires, presence-room's would have too.
    await raw.next("pusher_internal:subscription_count", { channel: "lobby", timeoutMs: 2_500 });
    expect(raw.seen("pusher_internal:subscription_count", "presence-room")).toHaveLength(0);
  });

  it("subscription_count - a cache channel vacated and re-occupied still gets count updates", async () => {
    const server = await startServer({ subscriptionCount: true });
    await serverSdk(server).trigger("cache-lobby", "hello", {});
    const first = await rawClient(server);
    await first.subscribe("cache-lobby");
    first.send({ event: "pusher:unsubscribe", data: { channel: "cache-lobby" } });
    await first.roundTrip();
    const [b, c] = await Promise.all([rawClient(server), rawClient(server)]);
    await b.subscribe("cache-lobby");
    await c.subscribe("cache-lobby");
    const frame = await b.next("pusher_internal:subscription_count", { channel: "cache-lobby", timeoutMs: 2_500 });
    expect(frame.data).toEqual({ subscription_count: 2 });
  });
});
