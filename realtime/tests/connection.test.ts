// The WebSocket handshake, liveness (pings, pongs, inactivity), connection limits, the health
// endpoint and graceful shutdown.
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { cleanup, client, connected, join, rawClient, rawHttp, serverSdk, sleep, startServer, until, waitFor, wsUrl } from "./helpers";

afterEach(cleanup);

describe("handshake", () => {
  it("handshake - connection_established carries a socket id and the activity timeout, data double-encoded", async () => {
    const server = await startServer({ activityTimeoutSeconds: 42 });
    const raw = await rawClient(server, { handshake: false });
    const frame = await raw.next("pusher:connection_established");
    expect(typeof frame.rawData).toBe("string");
    expect(frame.data).toEqual({ socket_id: expect.stringMatching(/^\d+\.\d+$/), activity_timeout: 42 });
  });

  it("handshake - every connection gets its own socket id, which the pusher SDK accepts", async () => {
    const server = await startServer();
    const [a, b] = await Promise.all([rawClient(server), rawClient(server)]);
    expect(a.socketId).not.toBe(b.socketId);
    const pusher = client(server);
    await connected(pusher);
    expect(pusher.connection.socket_id).toMatch(/^\d+\.\d+$/);
    // The SDK validates socket ids against ^\d+\.\d+$ and throws otherwise.
    expect(() => serverSdk(server).authorizeChannel(pusher.connection.socket_id, "private-x")).not.toThrow();
  });

  it("handshake - socket ids cannot be predicted from earlier ones (no shared prefix, no counter)", async () => {
    const server = await startServer();
    const raws = await Promise.all(Array.from({ length: 20 }, () => rawClient(server)));
    const ids = raws.map((r) => r.socketId);
    const parts = ids.map((id) => id.split(".").map(Number) as [number, number]);
    expect(new Set(ids).size).toBe(ids.length);
    // A signature is bound to one socket id and never expires: an id that follows from the last one
    // could be signed before it exists. 96 random bits leave nothing to count on.
    expect(new Set(parts.map(([prefix]) => prefix)).size).toBeGreaterThan(15);
    const sorted = parts.map(([, n]) => n).sort((a, b) => a - b);
    expect(sorted.slice(1).some((n, i) => n - sorted[i]! > 1_000_000)).toBe(true);
    expect(Math.max(...parts.flat())).toBeGreaterThan(2 ** 32);
  });

  it("handshake - connections must sign in: the sign-in deadline is on by default", async () => {
    const server = await startServer();
    expect(server.options.userAuthTimeoutSeconds).toBeGreaterThan(0);
    expect(server.options.userAuthTimeoutSeconds).toBeLessThanOrEqual(10);
  });

  it("handshake - an unknown app key gets pusher:error 4001, then close 4001", async () => {
    const server = await startServer();
    const raw = await rawClient(server, { key: "not-our-key", handshake: false });
    expect((await raw.error()).code).toBe(4001);
    expect((await raw.closed).code).toBe(4001);
    expect(raw.seen("pusher:connection_established")).toHaveLength(0);
    expect(server.connectionCount()).toBe(0);
  });

  it("handshake - pusher-js with an unknown key is refused and does not retry", async () => {
    const server = await startServer();
    const wrong = client(server, { key: "not-our-key" });
    // A handshake refusal reaches pusher-js as a WebSocketError wrapping the server's pusher:error.
    const error = await waitFor<{ error?: { data?: { code?: number } } }>(wrong.connection, "error");
    expect(error.error?.data?.code).toBe(4001);
    await until(() => wrong.connection.state === "disconnected", 3_000, "pusher-js to give up");
    await sleep(300);
    expect(wrong.connection.state).toBe("disconnected");
    expect(server.connectionCount()).toBe(0);
  });

  it("handshake - a missing protocol version gets 4008", async () => {
    const server = await startServer();
    const raw = await rawClient(server, { query: "client=js&version=8.6.0", handshake: false });
    expect((await raw.error()).code).toBe(4008);
    expect((await raw.closed).code).toBe(4008);
  });

  it("handshake - an unsupported protocol version gets 4007", async () => {
    const server = await startServer();
    for (const protocol of ["99", "4", "7a", "-7"]) {
      const raw = await rawClient(server, { query: `protocol=${protocol}&client=js`, handshake: false });
      expect((await raw.error()).code, `protocol=${protocol}`).toBe(4007);
      expect((await raw.closed).code).toBe(4007);
    }
  });

  it("handshake - over maxConnections gets 4004, and a slot that frees up is usable again", async () => {
    const server = await startServer({ maxConnections: 2 });
    const first = await rawClient(server);
    await rawClient(server);
    const third = await rawClient(server, { handshake: false });
    expect((await third.error()).code).toBe(4004);
    expect((await third.closed).code).toBe(4004);
    first.terminate();
    await until(() => server.connectionCount() === 1, 3_000, "the first connection to be forgotten");
    const fourth = await rawClient(server);
    expect(fourth.socketId).toMatch(/^\d+\.\d+$/);
  });

  it("handshake - a WebSocket upgrade on another path is refused with HTTP 404", async () => {
    const server = await startServer();
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/nope/${"test-key"}`);
    const status = await new Promise<number>((resolve, reject) => {
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.once("open", () => reject(new Error("upgrade accepted")));
      ws.once("error", () => {});
    });
    ws.terminate();
    expect(status).toBe(404);
  });
});

describe("liveness", () => {
  it("ping - pusher:ping is answered with pusher:pong", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    raw.send({ event: "pusher:ping", data: {} });
    const pong = await raw.next("pusher:pong");
    expect(pong.channel).toBeUndefined();
  });

  it("inactivity - a silent client is pinged, then closed with 4201; clients that answer stay connected", async () => {
    const server = await startServer({ activityTimeoutSeconds: 1, pongTimeoutSeconds: 1 });
    // Ignores pusher:ping and, with autoPong off, WebSocket pings too.
    const silent = await rawClient(server, { ws: { autoPong: false } });
    // Answers pusher:ping with pusher:pong, never a WebSocket pong.
    const answering = await rawClient(server, { ws: { autoPong: false } });
    answering.ws.on("message", (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { event: string }).event === "pusher:ping") answering.send({ event: "pusher:pong", data: {} });
    });
    // Ignores pusher:ping but answers WebSocket pings (ws's default).
    const wsPonging = await rawClient(server);

    await silent.next("pusher:ping", { timeoutMs: 3_000 });
    expect((await silent.closed).code).toBe(4201);
    // All three were pinged in the same sweep; the two that answered must survive the next one.
    await answering.next("pusher:ping", { timeoutMs: 3_000 });
    await answering.next("pusher:ping", { timeoutMs: 3_000 });
    expect(answering.open).toBe(true);
    expect(wsPonging.open).toBe(true);
    expect(wsPonging.seen("pusher:ping").length).toBeGreaterThanOrEqual(1);
    await until(() => server.connectionCount() === 2, 1_000, "the silent connection to be forgotten");
  });

  it("inactivity - pusher-js keeps its connection (and socket id) across activity timeouts", async () => {
    const server = await startServer({ activityTimeoutSeconds: 1, pongTimeoutSeconds: 1 });
    const pusher = client(server);
    await connected(pusher);
    const socketId = pusher.connection.socket_id;
    const raw = await rawClient(server, { ws: { autoPong: false } });
    // The raw client's close marks one full ping + pong-timeout cycle.
    expect((await raw.closed).code).toBe(4201);
    expect(pusher.connection.state).toBe("connected");
    expect(pusher.connection.socket_id).toBe(socketId);
  });
});

describe("health and shutdown", () => {
  it("health - GET /health answers 200 with the connection count", async () => {
    const server = await startServer();
    await rawClient(server);
    const response = await rawHttp(server, { method: "GET", path: "/health" });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status: "ok", connections: 1 });
  });

  it("graceful shutdown - close() sends 4200 to every client and stops listening", async () => {
    const server = await startServer();
    const raws = await Promise.all([rawClient(server), rawClient(server)]);
    const pusher = client(server);
    await join(pusher, "news");
    const states: string[] = [];
    pusher.connection.bind("state_change", ({ current }: { current: string }) => states.push(current));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1_500);
    for (const raw of raws) expect((await raw.closed).code).toBe(4200);
    // 4200-4299 means "reconnect now": pusher-js leaves "connected" and tries again.
    await until(() => states.includes("connecting") || states.includes("unavailable"), 3_000, "pusher-js to start reconnecting");
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(wsUrl(server));
      ws.once("open", () => {
        ws.terminate();
        resolve(false);
      });
      ws.once("error", () => resolve(true));
    });
    expect(refused).toBe(true);
    expect(server.connectionCount()).toBe(0);
  });
});
