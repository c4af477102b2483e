// The HTTP API: what the pusher SDK calls, and every way a request can be refused.
import { afterEach, describe, expect, it } from "vitest";
import { apiSignature, md5Hex } from "../crypto";
import { api, app, cleanup, client, collect, join, rawClient, rawHttp, sdkStatus, serverSdk, sleep, startServer, until, waitFor } from "./helpers";

afterEach(cleanup);

const json = async <T>(response: Promise<{ json(): Promise<unknown> }>): Promise<T> => (await (await response).json()) as T;

describe("HTTP API through the pusher SDK", () => {
  it("trigger - one event to many channels reaches the subscribers of each", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    for (const name of ["a", "private-b", "presence-c"]) await raw.subscribe(name, { member: { user_id: "u" } });
    const response = await serverSdk(server).trigger(["a", "private-b", "presence-c", "nobody-here"], "fan", { x: 1 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    for (const name of ["a", "private-b", "presence-c"]) expect((await raw.next("fan", { channel: name })).data).toEqual({ x: 1 });
  });

  it("trigger - socket_id excludes that connection and only that one", async () => {
    const server = await startServer();
    const alice = client(server);
    const bob = client(server);
    const aliceChannel = await join(alice, "room");
    const bobChannel = await join(bob, "room");
    const atAlice = collect(aliceChannel, "msg");
    const atBob = waitFor(bobChannel, "msg");
    await serverSdk(server).trigger("room", "msg", { text: "from alice" }, { socket_id: alice.connection.socket_id });
    expect(await atBob).toEqual({ text: "from alice" });
    await sleep(150);
    expect(atAlice).toHaveLength(0);
  });

  it("trigger - info=user_count,subscription_count is answered per channel", async () => {
    const server = await startServer();
    const [a, b, c] = await Promise.all([rawClient(server), rawClient(server), rawClient(server)]);
    await a.subscribe("presence-room", { member: { user_id: "alice" } });
    await b.subscribe("presence-room", { member: { user_id: "alice" } });
    await c.subscribe("presence-room", { member: { user_id: "bob" } });
    await c.subscribe("lobby");
    const body = await json<unknown>(serverSdk(server).trigger(["presence-room", "lobby"], "e", {}, { info: "user_count,subscription_count" }));
    expect(body).toEqual({ channels: { "presence-room": { user_count: 2, subscription_count: 3 }, lobby: { subscription_count: 1 } } });
  });

  it("trigger - data over 10 KB is refused with 413 and delivered to no one", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.subscribe("room");
    expect(await sdkStatus(serverSdk(server).trigger("room", "big", "x".repeat(10 * 1024 + 1)))).toBe(413);
    expect(await sdkStatus(serverSdk(server).trigger("room", "fits", "x".repeat(10 * 1024)))).toBe(200);
    await raw.next("fits");
    expect(raw.seen("big")).toHaveLength(0);
  });

  it("triggerBatch - every event of the batch is delivered to its channel, info answered per event", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.subscribe("one");
    await raw.subscribe("presence-two", { member: { user_id: "u1" } });
    const response = await serverSdk(server).triggerBatch([
      { channel: "one", name: "first", data: { n: 1 } },
      { channel: "presence-two", name: "second", data: "plain text", info: "user_count" },
    ]);
    expect(await response.json()).toEqual({ batch: [{}, { user_count: 1 }] });
    expect((await raw.next("first", { channel: "one" })).data).toEqual({ n: 1 });
    expect((await raw.next("second", { channel: "presence-two" })).rawData).toBe("plain text");
  });

  it("get channels - lists occupied channels, filter_by_prefix narrows, user_count only for presence-", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    for (const name of ["lobby", "private-x", "presence-a", "presence-b"]) await raw.subscribe(name, { member: { user_id: "u1" } });
    const other = await rawClient(server);
    await other.subscribe("presence-a", { member: { user_id: "u2" } });
    const sdk = serverSdk(server);
    const all = await json<{ channels: Record<string, unknown> }>(sdk.get({ path: "/channels" }));
    expect(Object.keys(all.channels).sort()).toEqual(["lobby", "presence-a", "presence-b", "private-x"]);
    const privates = await json<unknown>(sdk.get({ path: "/channels", params: { filter_by_prefix: "private-" } }));
    expect(privates).toEqual({ channels: { "private-x": {} } });
    const presence = await json<unknown>(sdk.get({ path: "/channels", params: { filter_by_prefix: "presence-", info: "user_count" } }));
    expect(presence).toEqual({ channels: { "presence-a": { user_count: 2 }, "presence-b": { user_count: 1 } } });
    expect(await sdkStatus(sdk.get({ path: "/channels", params: { info: "user_count" } }))).toBe(400);
    expect(await sdkStatus(sdk.get({ path: "/channels", params: { filter_by_prefix: "private-", info: "user_count" } }))).toBe(400);
    // Unsubscribed channels drop out of the list.
    raw.send({ event: "pusher:unsubscribe", data: { channel: "lobby" } });
    await raw.roundTrip();
    const after = await json<{ channels: Record<string, unknown> }>(sdk.get({ path: "/channels" }));
    expect(Object.keys(after.channels)).not.toContain("lobby");
  });

  it("channel info - occupied, user_count and subscription_count", async () => {
    const server = await startServer();
    const [a, b] = await Promise.all([rawClient(server), rawClient(server)]);
    await a.subscribe("presence-room", { member: { user_id: "alice" } });
    await b.subscribe("presence-room", { member: { user_id: "bob" } });
    await b.subscribe("lobby");
    const sdk = serverSdk(server);
    expect(await json(sdk.get({ path: "/channels/presence-room", params: { info: "user_count,subscription_count" } }))).toEqual({
      occupied: true,
      user_count: 2,
      subscription_count: 2,
    });
    expect(await json(sdk.get({ path: "/channels/lobby", params: { info: "subscription_count" } }))).toEqual({ occupied: true, subscription_count: 1 });
    expect(await json(sdk.get({ path: "/channels/empty-room" }))).toEqual({ occupied: false });
    expect(await sdkStatus(sdk.get({ path: "/channels/lobby", params: { info: "user_count" } }))).toBe(400);
    expect(await sdkStatus(sdk.get({ path: "/channels/lobby", params: { info: "bogus" } }))).toBe(400);
  });

  it("users - lists the members of a presence channel, 400 for any other channel", async () => {
    const server = await startServer();
    const [a, b, c] = await Promise.all([rawClient(server), rawClient(server), rawClient(server)]);
    await a.subscribe("presence-room", { member: { user_id: "alice" } });
    await b.subscribe("presence-room", { member: { user_id: "alice" } });
    await c.subscribe("presence-room", { member: { user_id: "bob" } });
    await c.subscribe("private-x");
    const sdk = serverSdk(server);
    const users = await json<{ users: Array<{ id: string }> }>(sdk.get({ path: "/channels/presence-room/users" }));
    expect(users.users.map((u) => u.id).sort()).toEqual(["alice", "bob"]);
    expect(await sdkStatus(sdk.get({ path: "/channels/private-x/users" }))).toBe(400);
    expect(await sdkStatus(sdk.get({ path: "/channels/lobby/users" }))).toBe(400);
  });

  it("SDK - requests signed with another secret or key are refused with 401", async () => {
    const server = await startServer();
    expect(await sdkStatus(serverSdk(server, { secret: "wrong" }).trigger("room", "e", {}))).toBe(401);
    expect(await sdkStatus(serverSdk(server, { key: "wrong" }).trigger("room", "e", {}))).toBe(401);
    expect(await sdkStatus(serverSdk(server, { appId: "other-app" }).trigger("room", "e", {}))).toBe(404);
  });
});

describe("HTTP API error paths (raw requests)", () => {
  const event = { name: "e", channels: ["room"], data: "{}" };

  it("raw - a correctly signed request is accepted (the baseline for the cases below)", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.subscribe("room");
    const response = await api(server, { path: "/events", body: event });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({});
    await raw.next("e");
  });

  it("raw - a bad signature is 401", async () => {
    const server = await startServer();
    expect((await api(server, { path: "/events", body: event, signature: "0".repeat(64) })).status).toBe(401);
    expect((await api(server, { path: "/events", body: event, secret: "not-the-secret" })).status).toBe(401);
    expect((await api(server, { path: "/events", body: event, unsigned: true })).status).toBe(401);
    expect((await api(server, { path: "/channels", unsigned: true })).status).toBe(401);
    // Signed, then a parameter changed: the signature no longer covers the query.
    const ts = String(Math.floor(Date.now() / 1000));
    const query = { auth_key: app.key, auth_timestamp: ts, auth_version: "1.0", filter_by_prefix: "a" };
    const signature = apiSignature(app.secret, "GET", `/apps/${app.appId}/channels`, query);
    const tampered = new URLSearchParams({ ...query, filter_by_prefix: "b", auth_signature: signature });
    expect((await rawHttp(server, { method: "GET", path: `/apps/${app.appId}/channels?${tampered}` })).status).toBe(401);
    // Signed for GET, sent as POST.
    const asPost = new URLSearchParams({ ...query, auth_signature: signature });
    expect((await rawHttp(server, { method: "POST", path: `/apps/${app.appId}/channels?${asPost}`, body: "" })).status).toBe(401);
  });

  it("raw - a wrong auth_key is 401 even when signed with the right secret", async () => {
    const server = await startServer();
    expect((await api(server, { path: "/events", body: event, key: "other-key" })).status).toBe(401);
  });

  it("raw - a wrong auth_version is 401", async () => {
    const server = await startServer();
    const ts = String(Math.floor(Date.now() / 1000));
    const query = { auth_key: app.key, auth_timestamp: ts, auth_version: "2.0" };
    const signed = new URLSearchParams({ ...query, auth_signature: apiSignature(app.secret, "GET", `/apps/${app.appId}/channels`, query) });
    expect((await rawHttp(server, { method: "GET", path: `/apps/${app.appId}/channels?${signed}` })).status).toBe(401);
  });

  it("raw - a timestamp more than 600 s off is 401, within 600 s is accepted", async () => {
    const server = await startServer();
    const now = Math.floor(Date.now() / 1000);
    expect((await api(server, { path: "/events", body: event, timestamp: now - 610 })).status).toBe(401);
    expect((await api(server, { path: "/events", body: event, timestamp: now + 610 })).status).toBe(401);
    expect((await api(server, { path: "/channels", query: {}, timestamp: Number.NaN })).status).toBe(401);
    expect((await api(server, { path: "/events", body: event, timestamp: now - 590 })).status).toBe(200);
    expect((await api(server, { path: "/events", body: event, timestamp: now + 590 })).status).toBe(200);
  });

  it("raw - a body_md5 that does not match the body is 401", async () => {
    const server = await startServer();
    expect((await api(server, { path: "/events", body: event, bodyMd5: md5Hex("something else") })).status).toBe(401);
    expect((await api(server, { path: "/events", body: event, bodyMd5: null })).status).toBe(401);
  });

  it("raw - an unknown app id is 404, an unknown route is 404", async () => {
    const server = await startServer();
    expect((await api(server, { path: "/events", body: event, appId: "other-app" })).status).toBe(404);
    expect((await api(server, { path: "/nope" })).status).toBe(404);
    expect((await api(server, { path: "/events" })).status).toBe(404); // GET on a POST route
    expect((await api(server, { path: "/channels/a/b/c" })).status).toBe(404);
    expect((await rawHttp(server, { method: "GET", path: "/elsewhere" })).status).toBe(404);
  });

  it("raw - a body that is not JSON (or not an object) is 400", async () => {
    const server = await startServer();
    for (const body of ["{not json", "", "null", "[]", "42", '"str"']) {
      expect((await api(server, { path: "/events", body, method: "POST" })).status, `body ${body}`).toBe(400);
      expect((await api(server, { path: "/batch_events", body, method: "POST" })).status, `batch body ${body}`).toBe(400);
    }
  });

  it("raw - data over 10 KB is 413", async () => {
    const server = await startServer();
    expect((await api(server, { path: "/events", body: { ...event, data: "x".repeat(10 * 1024 + 1) } })).status).toBe(413);
    expect((await api(server, { path: "/batch_events", body: { batch: [{ name: "e", channel: "room", data: "x".repeat(10 * 1024 + 1) }] } })).status).toBe(413);
  });

  it("raw - more than 100 channels is 400, no channel at all is 400, 100 is fine", async () => {
    const server = await startServer();
    const channels = (n: number) => Array.from({ length: n }, (_, i) => `room-${i}`);
    expect((await api(server, { path: "/events", body: { ...event, channels: channels(101) } })).status).toBe(400);
    expect((await api(server, { path: "/events", body: { ...event, channels: [] } })).status).toBe(400);
    expect((await api(server, { path: "/events", body: { name: "e", data: "{}" } })).status).toBe(400);
    expect((await api(server, { path: "/events", body: { ...event, channels: channels(100) } })).status).toBe(200);
    expect((await api(server, { path: "/events", body: { name: "e", channel: "room", data: "{}" } })).status).toBe(200);
  });

  it("raw - more than 10 batch events is 400 and none of them is delivered", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.subscribe("room");
    const batch = Array.from({ length: 11 }, (_, i) => ({ name: `e${i}`, channel: "room", data: "{}" }));
    expect((await api(server, { path: "/batch_events", body: { batch } })).status).toBe(400);
    // One bad event spoils the batch: the good ones before it are not delivered either.
    const spoiled = [...batch.slice(0, 3), { name: "bad", channel: "bad channel!", data: "{}" }];
    expect((await api(server, { path: "/batch_events", body: { batch: spoiled } })).status).toBe(400);
    expect((await api(server, { path: "/batch_events", body: { batch: [] } })).status).toBe(400);
    expect((await api(server, { path: "/batch_events", body: { batch: batch.slice(0, 10).map((e) => ({ ...e, name: `ok-${e.name}` })) } })).status).toBe(200);
    await until(() => raw.seen((f) => f.event.startsWith("ok-")).length === 10, 3_000, "the 10-event batch");
    expect(raw.seen((f) => /^e\d+$/.test(f.event))).toHaveLength(0);
  });

  it("raw - an event name over 200 characters is 400, 200 is fine", async () => {
    const server = await startServer();
    expect((await api(server, { path: "/events", body: { ...event, name: "n".repeat(201) } })).status).toBe(400);
    expect((await api(server, { path: "/events", body: { ...event, name: "" } })).status).toBe(400);
    expect((await api(server, { path: "/events", body: { ...event, name: 42 } })).status).toBe(400);
    expect((await api(server, { path: "/events", body: { ...event, name: "n".repeat(200) } })).status).toBe(200);
  });

  it("raw - an invalid channel name is 400", async () => {
    const server = await startServer();
    for (const channel of ["has space", "x".repeat(165), "", "emoji-😀", 42, null]) {
      expect((await api(server, { path: "/events", body: { ...event, channels: [channel] } })).status, `channel ${String(channel)}`).toBe(400);
    }
    expect((await api(server, { path: "/channels/has%20space" })).status).toBe(400);
  });

  it("raw - a malformed socket_id or info is 400", async () => {
    const server = await startServer();
    expect((await api(server, { path: "/events", body: { ...event, socket_id: "abc" } })).status).toBe(400);
    expect((await api(server, { path: "/events", body: { ...event, socket_id: 1.5 } })).status).toBe(400);
    expect((await api(server, { path: "/events", body: { ...event, info: "bogus" } })).status).toBe(400);
  });

  it("raw - a body over the frame limit is 413", async () => {
    const server = await startServer({ maxFrameBytes: 64 * 1024 });
    const body = JSON.stringify({ ...event, data: "x".repeat(70 * 1024) });
    expect((await api(server, { path: "/events", body })).status).toBe(413);
    // Without Content-Length (chunked), the limit holds too.
    const chunked = await rawHttp(server, { method: "POST", path: `/apps/${app.appId}/events`, body: Buffer.from(body), headers: { "Transfer-Encoding": "chunked" } });
    expect(chunked.status).toBe(413);
    const health = await rawHttp(server, { method: "GET", path: "/health" });
    expect(health.status).toBe(200);
  });

  it("raw - a malformed percent-encoding in the path is a 4xx, not a 500", async () => {
    const server = await startServer();
    expect((await rawHttp(server, { method: "GET", path: "/apps/%E0%A4%A/channels" })).status).toBeLessThan(500);
    const signedPath = `/apps/${app.appId}/channels/%E0%A4%A`;
    const query = { auth_key: app.key, auth_timestamp: String(Math.floor(Date.now() / 1000)), auth_version: "1.0" };
    const signed = new URLSearchParams({ ...query, auth_signature: apiSignature(app.secret, "GET", signedPath, query) });
    expect((await rawHttp(server, { method: "GET", path: `${signedPath}?${signed}` })).status).toBe(400);
  });
});
