// Client events: `client-` events sent by subscribers of presence channels (by default, where
// Parley uses them), or of private and presence channels (`clientEvents: "all"`, as hosted Pusher).
import { afterEach, describe, expect, it } from "vitest";
import type { PresenceChannel } from "pusher-js";
import { cleanup, client, collect, join, rawClient, sleep, startServer, until, waitFor } from "./helpers";

afterEach(cleanup);

describe("client events", () => {
  it("client events - delivered to the other subscribers only, never echoed to the sender", async () => {
    const server = await startServer({ clientEvents: "all" });
    const alice = client(server);
    const bob = client(server);
    const carol = client(server);
    const aliceChannel = await join(alice, "private-chat");
    const bobChannel = await join(bob, "private-chat");
    const carolChannel = await join(carol, "private-chat");
    const echoed = collect(aliceChannel, "client-typing");
    const atBob = waitFor(bobChannel, "client-typing");
    const atCarol = waitFor(carolChannel, "client-typing");
    expect(aliceChannel.trigger("client-typing", { who: "alice" })).toBe(true);
    expect(await atBob).toEqual({ who: "alice" });
    expect(await atCarol).toEqual({ who: "alice" });
    await sleep(150);
    expect(echoed).toHaveLength(0);
  });

  it("client events - deliveries on presence channels carry the sender's user_id", async () => {
    const server = await startServer();
    const alice = client(server, { presence: { user_id: "alice" } });
    const bob = client(server, { presence: { user_id: "bob" } });
    const aliceChannel = await join<PresenceChannel>(alice, "presence-room");
    const bobChannel = await join<PresenceChannel>(bob, "presence-room");
    const got = collect(bobChannel, "client-wave");
    aliceChannel.trigger("client-wave", { hi: true });
    await until(() => got.length === 1, 3_000, "the client event at bob");
    expect(got[0]).toEqual({ data: { hi: true }, metadata: { user_id: "alice" } });
    const raw = await rawClient(server);
    await raw.subscribe("presence-room", { member: { user_id: "raw" } });
    aliceChannel.trigger("client-wave", { again: true });
    const frame = await raw.next("client-wave");
    expect(frame.user_id).toBe("alice");
    expect(frame.channel).toBe("presence-room");
  });

  it("client events - by default only on presence channels: a private channel refuses them and delivers nothing", async () => {
    const server = await startServer();
    expect(server.options.clientEvents).toBe("presence");
    const sender = await rawClient(server);
    const receiver = await rawClient(server);
    await sender.subscribe("private-room-x");
    await receiver.subscribe("private-room-x");
    await sender.subscribe("presence-room-x", { member: { user_id: "s" } });
    await receiver.subscribe("presence-room-x", { member: { user_id: "r" } });
    sender.send({ event: "client-typing", channel: "private-room-x", data: { forged: true } });
    expect((await sender.error()).message).toBe("Client events are only allowed on presence channels");
    sender.send({ event: "client-typing", channel: "presence-room-x", data: {} });
    const delivered = await receiver.next("client-typing");
    expect(delivered.channel).toBe("presence-room-x");
    expect(delivered.user_id).toBe("s");
    expect(receiver.seen("client-typing")).toHaveLength(1);
  });

  it("client events - refused when the app disables them", async () => {
    const server = await startServer({ clientEvents: "off" });
    const sender = await rawClient(server);
    const receiver = await rawClient(server);
    await sender.subscribe("private-chat");
    await receiver.subscribe("private-chat");
    sender.send({ event: "client-typing", channel: "private-chat", data: {} });
    await sender.error();
    await receiver.roundTrip();
    expect(receiver.seen("client-typing")).toHaveLength(0);
  });

  it("client events - refused on public and encrypted channels, and on channels the sender is not in", async () => {
    const server = await startServer({ clientEvents: "all" });
    const sender = await rawClient(server);
    const receiver = await rawClient(server);
    for (const channel of ["public-room", "private-encrypted-dm", "private-cache-x"]) {
      await receiver.subscribe(channel);
      await sender.subscribe(channel);
    }
    await receiver.subscribe("private-elsewhere");
    await receiver.subscribe("presence-elsewhere", { member: { user_id: "r" } });
    for (const channel of ["public-room", "private-encrypted-dm", "private-elsewhere", "presence-elsewhere", "never-heard-of"]) {
      sender.send({ event: "client-typing", channel, data: {} });
      const error = await sender.error();
      expect(error.message, channel).toBeTruthy();
    }
    sender.send({ event: "client-typing", data: {} });
    await sender.error();
    // private-cache- is a private channel: allowed.
    sender.send({ event: "client-typing", channel: "private-cache-x", data: { ok: 1 } });
    await receiver.next("client-typing", { channel: "private-cache-x" });
    await receiver.roundTrip();
    expect(receiver.seen("client-typing")).toHaveLength(1);
  });

  it("client events - the 11th within one second gets pusher:error 4301 and is not delivered", async () => {
    const server = await startServer({ clientEvents: "all" });
    const sender = await rawClient(server);
    const receiver = await rawClient(server);
    await sender.subscribe("private-chat");
    await receiver.subscribe("private-chat");
    for (let i = 0; i < 11; i++) sender.send({ event: "client-n", channel: "private-chat", data: { i } });
    const error = await sender.error();
    expect(error.code).toBe(4301);
    await receiver.roundTrip();
    await sender.roundTrip();
    expect(receiver.seen("client-n").map((f) => (f.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sender.seen("pusher:error")).toHaveLength(1);
  });

  it("client events - data over 10 KB is refused and not delivered", async () => {
    const server = await startServer({ clientEvents: "all" });
    const sender = await rawClient(server);
    const receiver = await rawClient(server);
    await sender.subscribe("private-chat");
    await receiver.subscribe("private-chat");
    sender.send({ event: "client-big", channel: "private-chat", data: "x".repeat(10 * 1024 + 1) });
    await sender.error();
    sender.send({ event: "client-fits", channel: "private-chat", data: "y".repeat(10 * 1024) });
    await receiver.next("client-fits");
    expect(receiver.seen("client-big")).toHaveLength(0);
  });

  it("client events - an event name that is not client- or too long is refused", async () => {
    const server = await startServer({ clientEvents: "all" });
    const sender = await rawClient(server);
    const receiver = await rawClient(server);
    await sender.subscribe("private-chat");
    await receiver.subscribe("private-chat");
    sender.send({ event: "message.created", channel: "private-chat", data: {} });
    await sender.error();
    sender.send({ event: `client-${"x".repeat(200)}`, channel: "private-chat", data: {} });
    await sender.error();
    await receiver.roundTrip();
    expect(receiver.frames.filter((f) => !f.event.startsWith("pusher"))).toHaveLength(0);
  });
});
