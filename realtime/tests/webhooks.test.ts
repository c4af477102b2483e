// Webhooks to a local HTTP target: which events are sent, when, how they are signed, and retries.
import { afterEach, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { app, cleanup, client, join, rawClient, serverSdk, startServer, until, webhookTarget, type Delivery } from "./helpers";

afterEach(cleanup);

function expectSigned(delivery: Delivery): void {
  expect(delivery.headers["x-pusher-key"]).toBe(app.key);
  expect(delivery.headers["x-pusher-signature"]).toBe(createHmac("sha256", app.secret).update(delivery.body).digest("hex"));
  expect(delivery.headers["content-type"]).toBe("application/json");
  expect(typeof delivery.json.time_ms).toBe("number");
  expect(Math.abs(delivery.json.time_ms - delivery.at)).toBeLessThan(5_000);
}

describe("webhooks", () => {
  it("webhooks - channel_occupied on the first subscriber, channel_vacated only after the delay", async () => {
    const target = await webhookTarget();
    const server = await startServer({ webhookUrl: target.url, webhookDelayMs: 200 });
    const a = await rawClient(server);
    const b = await rawClient(server);
    await a.subscribe("room");
    await b.subscribe("room");
    const occupied = await target.next((e) => e.name === "channel_occupied");
    expect(occupied.event).toEqual({ name: "channel_occupied", channel: "room" });
    expectSigned(occupied.delivery);
    a.terminate();
    b.send({ event: "pusher:unsubscribe", data: { channel: "room" } });
    await b.roundTrip();
    const vacatedAt = Date.now();
    const vacated = await target.next((e) => e.name === "channel_vacated");
    expect(vacated.event).toEqual({ name: "channel_vacated", channel: "room" });
    expect(vacated.delivery.at - vacatedAt).toBeGreaterThanOrEqual(150);
    expect(target.events().filter((e) => e.name === "channel_occupied")).toHaveLength(1);
  });

  it("webhooks - a channel re-occupied within the delay sends neither channel_vacated nor a second channel_occupied", async () => {
    const target = await webhookTarget();
    const server = await startServer({ webhookUrl: target.url, webhookDelayMs: 250 });
    const a = await rawClient(server);
    await a.subscribe("room");
    await a.subscribe("sentinel");
    await target.next((e) => e.name === "channel_occupied" && e.channel === "sentinel");
    // Vacate "room", then "sentinel": same delay, so sentinel's channel_vacated comes after room's would.
    a.send({ event: "pusher:unsubscribe", data: { channel: "room" } });
    a.send({ event: "pusher:unsubscribe", data: { channel: "sentinel" } });
    await a.roundTrip();
    const b = await rawClient(server);
    await b.subscribe("room");
    await target.next((e) => e.name === "channel_vacated" && e.channel === "sentinel");
    const room = target.events().filter((e) => e.channel === "room");
    expect(room).toEqual([{ name: "channel_occupied", channel: "room" }]);
  });

  it("webhooks - member_added for a user's first socket, member_removed after the delay when the last one leaves", async () => {
    const target = await webhookTarget();
    const server = await startServer({ webhookUrl: target.url, webhookDelayMs: 100 });
    const tab1 = await rawClient(server);
    const tab2 = await rawClient(server);
    const sentinel = await rawClient(server);
    await tab1.subscribe("presence-room", { member: { user_id: "alice" } });
    await tab2.subscribe("presence-room", { member: { user_id: "alice" } });
    await sentinel.subscribe("presence-sentinel", { member: { user_id: "s" } });
    const added = await target.next((e) => e.name === "member_added" && e.user_id === "alice");
    expect(added.event).toEqual({ name: "member_added", channel: "presence-room", user_id: "alice" });
    expectSigned(added.delivery);
    tab1.terminate();
    await until(() => server.connectionCount() === 2, 3_000, "alice's first tab to go");
    // The sentinel's member_removed is due after anything tab1's departure could have caused.
    sentinel.terminate();
    await target.next((e) => e.name === "member_removed" && e.user_id === "s");
    expect(target.events().filter((e) => e.name === "member_removed" && e.user_id === "alice")).toHaveLength(0);
    const leftAt = Date.now();
    tab2.terminate();
    const removed = await target.next((e) => e.name === "member_removed" && e.user_id === "alice");
    expect(removed.event).toEqual({ name: "member_removed", channel: "presence-room", user_id: "alice" });
    expect(removed.delivery.at - leftAt).toBeGreaterThanOrEqual(90);
    expect(target.events().filter((e) => e.name === "member_added" && e.user_id === "alice")).toHaveLength(1);
  });

  it("webhooks - client_event carries event, data, socket_id, and user_id on presence channels", async () => {
    const target = await webhookTarget();
    const server = await startServer({ webhookUrl: target.url, clientEvents: "all" });
    const alice = client(server, { presence: { user_id: "alice" } });
    const channel = await join(alice, "presence-room");
    channel.trigger("client-typing", { typing: true });
    const presence = await target.next((e) => e.name === "client_event");
    expect(presence.event).toEqual({
      name: "client_event",
      channel: "presence-room",
      event: "client-typing",
      data: JSON.stringify({ typing: true }),
      socket_id: alice.connection.socket_id,
      user_id: "alice",
    });
    expectSigned(presence.delivery);
    const raw = await rawClient(server);
    await raw.subscribe("private-chat");
    raw.send({ event: "client-x", channel: "private-chat", data: { a: 1 } });
    const priv = await target.next((e) => e.name === "client_event" && e.channel === "private-chat");
    expect(priv.event).toEqual({ name: "client_event", channel: "private-chat", event: "client-x", data: '{"a":1}', socket_id: raw.socketId });
  });

  it("webhooks - cache_miss when a cache channel has nothing to replay", async () => {
    const target = await webhookTarget();
    const server = await startServer({ webhookUrl: target.url });
    const raw = await rawClient(server);
    await raw.subscribe("cache-empty");
    const miss = await target.next((e) => e.name === "cache_miss");
    expect(miss.event).toEqual({ name: "cache_miss", channel: "cache-empty" });
  });

  it("webhooks - subscription_count when subscription counting is enabled", async () => {
    const target = await webhookTarget();
    const server = await startServer({ webhookUrl: target.url, subscriptionCount: true });
    const [a, b] = await Promise.all([rawClient(server), rawClient(server)]);
    await a.subscribe("lobby");
    await b.subscribe("lobby");
    const count = await target.next((e) => e.name === "subscription_count", 2_500);
    expect(count.event).toEqual({ name: "subscription_count", channel: "lobby", subscription_count: 2 });
  });

  it("webhooks - every delivery verifies with the pusher SDK's WebHook.isValid(), and a forged one does not", async () => {
    const target = await webhookTarget();
    const server = await startServer({ webhookUrl: target.url });
    const raw = await rawClient(server);
    await raw.subscribe("room");
    const { delivery } = await target.next((e) => e.name === "channel_occupied");
    const sdk = serverSdk(server);
    const headers = delivery.headers as Record<string, string>;
    const webhook = sdk.webhook({ headers, rawBody: delivery.body });
    expect(webhook.isValid()).toBe(true);
    expect(webhook.getEvents()).toEqual([{ name: "channel_occupied", channel: "room" }]);
    expect(sdk.webhook({ headers, rawBody: delivery.body.replace("room", "roon") }).isValid()).toBe(false);
  });

  it("webhooks - a target answering 500 gets the same delivery again until it answers 200", async () => {
    const target = await webhookTarget((attempt) => (attempt < 1 ? 500 : 200));
    const server = await startServer({ webhookUrl: target.url });
    const raw = await rawClient(server);
    await raw.subscribe("room");
    const { delivery } = await target.next((e) => e.name === "channel_occupied", 5_000);
    expect(target.deliveries).toHaveLength(2);
    expect(target.deliveries[0]!.status).toBe(500);
    expect(target.deliveries[0]!.body).toBe(delivery.body);
    expectSigned(delivery);
  });
});
