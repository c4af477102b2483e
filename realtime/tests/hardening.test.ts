// Malformed traffic, oversized frames, limits and slow consumers: the server answers or drops the
// offender and keeps serving everyone else.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, client, collect, join, rawClient, rawHttp, serverSdk, startServer, until } from "./helpers";
import type { RealtimeServer } from "../server";

afterEach(cleanup);

/** A different client still gets through the whole path: connect, subscribe, receive. */
async function stillServes(server: RealtimeServer): Promise<void> {
  const pusher = client(server);
  const channel = await join(pusher, "private-check");
  const got = collect(channel, "alive");
  await serverSdk(server).trigger("private-check", "alive", { ok: true });
  await until(() => got.length === 1, 3_000, "the event at a fresh pusher-js client");
  pusher.disconnect();
}

describe("malformed frames", () => {
  it("hardening - invalid JSON and non-object frames get pusher:error and the connection stays usable", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const bad = ["{not json", "", "[]", "[1,2]", '"a string"', "42", "null", "true", '{"event":5}', '{"event":null}', '{"data":{}}', '{"event":["x"]}'];
    for (const text of bad) {
      raw.send(text);
      const error = await raw.error();
      expect(error.code, text).toBeNull();
      expect(typeof error.message).toBe("string");
    }
    await raw.roundTrip();
    await raw.subscribe("still-works");
    expect(raw.open).toBe(true);
  });

  it("hardening - unknown pusher: events and malformed subscribe/unsubscribe/signin data get pusher:error", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    const frames: unknown[] = [
      { event: "pusher:nonsense", data: {} },
      { event: "pusher_internal:subscription_succeeded", channel: "x", data: {} },
      { event: "pusher:subscribe" },
      { event: "pusher:subscribe", data: "not json" },
      { event: "pusher:subscribe", data: { channel: 42 } },
      { event: "pusher:subscribe", data: ["news"] },
      { event: "pusher:unsubscribe", data: {} },
      { event: "pusher:unsubscribe", data: 7 },
      { event: "pusher:signin", data: null },
      { event: "pusher:signin", data: { auth: 1, user_data: 2 } },
      { event: "random-event", data: {} },
    ];
    for (const frame of frames) {
      raw.send(frame);
      await raw.error();
    }
    // pusher:subscribe with data as a JSON string (older clients) is fine.
    raw.send({ event: "pusher:subscribe", data: JSON.stringify({ channel: "news" }) });
    await raw.next("pusher_internal:subscription_succeeded", { channel: "news" });
    // Unsubscribing from a channel it is not in is harmless.
    raw.send({ event: "pusher:unsubscribe", data: { channel: "never-joined" } });
    await raw.roundTrip();
    expect(raw.open).toBe(true);
  });

  it("hardening - binary frames get pusher:error", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    raw.ws.send(Buffer.from([0, 1, 2, 255]), { binary: true });
    await raw.error();
    raw.ws.send(Buffer.from(JSON.stringify({ event: "pusher:ping", data: {} })), { binary: true });
    await raw.error();
    await raw.roundTrip();
  });

  it("hardening - a frame over maxFrameBytes closes that connection only; the server keeps serving", async () => {
    const server = await startServer({ maxFrameBytes: 4096 });
    const bystander = await rawClient(server);
    await bystander.subscribe("room");
    const offender = await rawClient(server);
    offender.send({ event: "pusher:ping", data: "x".repeat(5000) });
    const closed = await offender.closed;
    expect(closed.code).toBe(1009);
    await until(() => server.connectionCount() === 1, 3_000, "the offender to be forgotten");
    await serverSdk(server).trigger("room", "after", {});
    await bystander.next("after");
    await stillServes(server);
  });

  it("hardening - a frame of deeply nested JSON is answered, not fatal", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.subscribe("private-chat");
    const receiver = await rawClient(server);
    await receiver.subscribe("private-chat");
    // Both frames stay under the 256 KB frame limit.
    const depth = 40_000;
    raw.send(`{"event":"client-deep","channel":"private-chat","data":${"[".repeat(depth)}${"]".repeat(depth)}}`);
    raw.send(`{"event":"pusher:subscribe","data":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`);
    await raw.roundTrip();
    expect(raw.open).toBe(true);
    await stillServes(server);
  });

  it("hardening - a WebSocket upgrade with an unparsable request target does not crash the server", async () => {
    const server = await startServer();
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on("uncaughtException", onError);
    try {
      const reply = await new Promise<string>((resolve) => {
        const socket = net.connect(server.port, "127.0.0.1", () => {
          socket.write(
            "GET //[/app/test-key HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
          );
        });
        let out = "";
        socket.on("data", (d: Buffer) => (out += d.toString()));
        socket.on("close", () => resolve(out));
        socket.on("error", () => resolve(out));
        setTimeout(() => {
          socket.destroy();
          resolve(`${out}[no answer]`);
        }, 500);
      });
      expect(errors.map(String)).toEqual([]);
      expect(reply).toMatch(/^HTTP\/1\.1 4\d\d/);
      await stillServes(server);
    } finally {
      process.off("uncaughtException", onError);
    }
  });

  it("hardening - an HTTP request with an unparsable request target is a 4xx", async () => {
    const server = await startServer();
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, "127.0.0.1", () => socket.write("GET http://[/health HTTP/1.1\r\nHost: x\r\n\r\n"));
      let out = "";
      socket.on("data", (d: Buffer) => {
        out += d.toString();
        socket.destroy();
        resolve(out);
      });
      socket.on("error", () => resolve(out));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect((await rawHttp(server, { method: "GET", path: "/health" })).status).toBe(200);
  });
});

describe("slow consumers", () => {
  it("hardening - a client that stops reading is dropped instead of buffering without bound; others get everything", async () => {
    const server = await startServer({ maxBufferedBytes: 256 * 1024, maxEventBytes: 200 * 1024, maxFrameBytes: 1024 * 1024 });
    const slow = await rawClient(server);
    await slow.subscribe("firehose");
    const fast = client(server);
    const channel = await join(fast, "firehose");
    const got = collect<{ i: number }>(channel, "chunk");
    // Stop reading: the server's send buffer for this socket can only grow from here.
    (slow.ws as unknown as { _socket: net.Socket })._socket.pause();
    const sdk = serverSdk(server);
    const payload = "x".repeat(190 * 1024);
    let sent = 0;
    // ~190 KB per event; the kernel buffers a few MB before the server sees a backlog.
    while (server.connectionCount() === 2 && sent < 300) {
      await sdk.trigger("firehose", "chunk", { i: sent, payload });
      sent++;
    }
    expect(server.connectionCount(), `slow consumer still connected after ${sent} events (~${Math.round((sent * 190) / 1024)} MB)`).toBe(1);
    await until(() => got.length === sent, 10_000, `all ${sent} events at the fast client`);
    expect(got.map((g) => g.data.i)).toEqual(Array.from({ length: sent }, (_, i) => i));
    // Once it reads again it finds its connection closed.
    (slow.ws as unknown as { _socket: net.Socket })._socket.resume();
    const closed = await slow.closed;
    expect([4100, 1006]).toContain(closed.code);
  });
});
