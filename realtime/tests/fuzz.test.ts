// Fuzz: thousands of random and malformed WebSocket frames and HTTP requests at one server. The
// server must never throw, must answer malformed HTTP with 4xx (never 5xx), must not keep memory or
// state for connections that are gone, and must keep serving well-behaved clients.
// Replay a failure with FUZZ_SEED=<seed printed in the failure message>.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { apiSignature, channelAuth, md5Hex, userAuth } from "../crypto";
import type { RealtimeServer } from "../server";
import { app, cleanup, client, collect, getGc, join, onCleanup, prng, rawHttp, serverSdk, sleep, startServer, until, wsUrl } from "./helpers";

afterEach(cleanup);

const seed = Number(process.env.FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);

type Random = () => number;

/** Percent-encodes every UTF-8 byte (encodeURIComponent throws on lone surrogates). */
const pct = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");

class Gen {
  /** Off for HTTP publishing: an event published to a cache channel rightly outlives its clients. */
  cacheChannels = true;
  constructor(readonly random: Random) {}
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  string(max = 40): string {
    const alphabet = "abcXYZ019-_=@,.;:#/\\\"'{}[] \t\n\u0000\u00e9\u4e2d\ud83d\ude00%";
    let s = "";
    for (let i = this.int(max); i > 0; i--) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  deep(depth: number, object: boolean): string {
    return object ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}${"]".repeat(depth)}`;
  }
  /** A value of a random JSON type, sometimes huge or deep. */
  value(): unknown {
    switch (this.int(12)) {
      case 0:
        return null;
      case 1:
        return this.int(2 ** 31) * (this.chance(0.5) ? -1 : 1);
      case 2:
        return this.random();
      case 3:
        return this.chance(0.5);
      case 4:
        return [this.string(), this.int(9)];
      case 5:
        return { [this.string(8)]: this.string() };
      case 6:
        return "x".repeat(this.int(20_000));
      case 7:
        return JSON.parse(this.deep(1 + this.int(2_000), this.chance(0.5))) as unknown;
      case 8:
        return this.channel();
      default:
        return this.string();
    }
  }
  channel(): string {
    const names = ["room", "private-room", "presence-room", "private-encrypted-room", "#server-to-user-u1", "", "bad name", "x".repeat(170), this.string(20)];
    return this.pick(this.cacheChannels ? [...names, "cache-room", "presence-cache-room"] : names);
  }
  event(): unknown {
    const known = ["pusher:subscribe", "pusher:unsubscribe", "pusher:signin", "pusher:ping", "pusher:pong", "client-x", "client-", "pusher:error", "pusher_internal:member_added", "x"];
    return this.chance(0.8) ? this.pick(known) : this.value();
  }
}

/** One malformed (or occasionally well-formed but hostile) frame. */
function frame(g: Gen, socketId: string, limit: number): string | Buffer {
  switch (g.int(10)) {
    case 0:
      return g.bytes(1 + g.int(200));
    case 1: {
      const text = JSON.stringify({ event: g.event(), channel: g.channel(), data: g.value() });
      return text.slice(0, g.int(text.length));
    }
    case 2: {
      // Deep nesting that still fits the frame limit (an object level is 5 bytes, an array level 2).
      const object = g.chance(0.5);
      const nested = g.deep(1 + g.int(object ? limit / 6 : limit / 3), object);
      return g.chance(0.5) ? nested : `{"event":"client-x","channel":"private-room","data":${nested}}`;
    }
    case 3:
      // Huge strings; one in five is around the frame limit (closed with 1009, or just fits).
      return JSON.stringify({ event: g.pick(["pusher:ping", "client-x", "pusher:subscribe"]), channel: "private-room", data: "y".repeat(g.chance(0.2) ? limit - 60 + g.int(80) : g.int(limit - 100)) });
    case 4: {
      // Signed, so it gets past the signature check and into the parsing of what was signed.
      const channel = g.pick(["presence-room", "presence-cache-room", "presence-x"]);
      const channelData = g.chance(0.5) ? JSON.stringify({ user_id: g.value(), user_info: g.value() }) : String(g.string());
      return JSON.stringify({ event: "pusher:subscribe", data: { channel, channel_data: channelData, auth: channelAuth(app.key, app.secret, socketId, channel, channelData) } });
    }
    case 5: {
      const userData = g.chance(0.5) ? JSON.stringify({ id: g.value(), watchlist: g.chance(0.5) ? g.value() : Array.from({ length: g.int(150) }, () => g.value()) }) : g.string();
      return JSON.stringify({ event: "pusher:signin", data: { user_data: userData, auth: userAuth(app.key, app.secret, socketId, userData) } });
    }
    case 6: {
      const channel = g.pick(["private-room", "private-encrypted-room", "room"]);
      return JSON.stringify({ event: "pusher:subscribe", data: { channel, auth: g.chance(0.5) ? channelAuth(app.key, app.secret, socketId, channel) : g.value() } });
    }
    case 7:
      return JSON.stringify({ event: g.pick(["client-x", "client-" + g.string(10)]), channel: g.channel(), data: g.value() });
    default:
      return JSON.stringify({ event: g.event(), channel: g.chance(0.5) ? g.value() : g.channel(), data: g.chance(0.3) ? JSON.stringify(g.value()) : { channel: g.value(), auth: g.value(), channel_data: g.value(), user_data: g.value() } });
  }
}

/** What the fuzz connections were told: replies by event, and handler failures the server caught. */
const stats = { replies: 0, errors: 0, internal: 0, closes: new Map<number, number>() };

/** A fuzz connection: sends, counts replies, keeps nothing. */
async function openFuzzSocket(server: RealtimeServer, g: Gen): Promise<{ ws: WebSocket; socketId: string }> {
  const query = g.chance(0.9) ? undefined : g.pick(["protocol=7", "protocol=", "protocol=6&x=%ZZ", "", `protocol=${pct(g.string(5))}`]);
  const ws = new WebSocket(wsUrl(server, { key: g.chance(0.95) ? app.key : g.string(10).replace(/[\ud800-\udfff]/g, "?"), query: query === undefined ? undefined : query }), { perMessageDeflate: false });
  onCleanup(() => ws.terminate());
  ws.on("error", () => {});
  return new Promise((resolve) => {
    let socketId = "";
    ws.on("message", (data: Buffer) => {
      stats.replies++;
      const text = data.toString();
      if (text.includes('"pusher:error"')) stats.errors++;
      if (text.includes("Internal error handling that message")) stats.internal++;
      if (socketId) return;
      try {
        const parsed = JSON.parse(data.toString()) as { event: string; data: string };
        if (parsed.event === "pusher:connection_established") socketId = (JSON.parse(parsed.data) as { socket_id: string }).socket_id;
      } catch {
        // not the handshake
      }
      resolve({ ws, socketId });
    });
    ws.on("close", (code: number) => {
      stats.closes.set(code, (stats.closes.get(code) ?? 0) + 1);
      resolve({ ws, socketId });
    });
    ws.on("unexpected-response", () => resolve({ ws, socketId }));
  });
}

async function fuzzFrames(server: RealtimeServer, g: Gen, count: number, limit: number): Promise<void> {
  const sockets = await Promise.all(Array.from({ length: 8 }, () => openFuzzSocket(server, g)));
  for (let sent = 0; sent < count; sent++) {
    const slot = g.int(sockets.length);
    let socket = sockets[slot]!;
    if (socket.ws.readyState !== WebSocket.OPEN) {
      socket.ws.terminate();
      socket = sockets[slot] = await openFuzzSocket(server, g);
      if (socket.ws.readyState !== WebSocket.OPEN) continue;
    }
    const payload = frame(g, socket.socketId || "1.1", limit);
    // Invalid UTF-8 in a text frame is a protocol error (1007); binary frames get pusher:error.
    socket.ws.send(payload, { binary: Buffer.isBuffer(payload) && g.chance(0.7) });
    if (sent % 50 === 0) await sleep(1);
  }
  await sleep(50);
  for (const socket of sockets) socket.ws.close();
}

interface HttpOutcome {
  request: string;
  status: number;
}

function httpRequest(g: Gen): { method: string; path: string; body?: Buffer; signed: boolean } {
  const method = g.pick(["GET", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);
  const channel = pct(g.pick(["room", "presence-room", "private-x", "bad name", "x".repeat(200), g.string(12)]));
  const base = g.pick([
    "/apps/test-app/events",
    "/apps/test-app/batch_events",
    "/apps/test-app/channels",
    `/apps/test-app/channels/${channel}`,
    `/apps/test-app/channels/${channel}/users`,
    `/apps/test-app/users/${pct(g.string(140))}/terminate_connections`,
    `/apps/${pct(g.string(10))}/events`,
    "/apps/test-app/channels/%E0%A4%A",
    "/apps/%ZZ/events",
    `/apps/test-app/${"a/".repeat(g.int(500))}`,
    "/apps/",
    "/apps",
    "/health",
    "/",
    `/${pct(g.string(30))}`,
  ]);
  let body: Buffer | undefined;
  if (method !== "GET" && g.chance(0.9)) {
    const kind = g.int(8);
    if (kind === 0) body = g.bytes(g.int(300));
    else if (kind === 1) body = Buffer.from(JSON.stringify({ name: g.value(), data: g.value(), channels: g.chance(0.5) ? g.value() : [g.value(), g.channel()], socket_id: g.value(), info: g.value() }));
    else if (kind === 2) body = Buffer.from(JSON.stringify({ batch: g.chance(0.5) ? g.value() : Array.from({ length: g.int(14) }, () => ({ name: g.value(), channel: g.value(), data: g.value() })) }));
    else if (kind === 3) body = Buffer.from(g.deep(1 + g.int(20_000), g.chance(0.5)));
    else if (kind === 4) body = Buffer.alloc(300 * 1024, "z");
    else if (kind === 5) {
      const text = JSON.stringify({ name: "e", channels: ["room"], data: "x".repeat(g.int(12_000)) });
      body = Buffer.from(text.slice(0, g.int(text.length + 1)));
    } else body = Buffer.from(JSON.stringify(g.value()));
  }
  const signed = g.chance(0.6);
  const query: Record<string, string> = {};
  if (g.chance(0.3)) query.filter_by_prefix = g.string(10);
  if (g.chance(0.3)) query.info = g.pick(["user_count", "subscription_count", "cache", "user_count,bogus", g.string(10)]);
  if (signed) {
    query.auth_key = app.key;
    query.auth_timestamp = String(Math.floor(Date.now() / 1000));
    query.auth_version = "1.0";
    if (body?.length) query.body_md5 = md5Hex(body);
    query.auth_signature = apiSignature(app.secret, method, safePath(base), query);
  } else if (g.chance(0.5)) {
    query.auth_key = g.string(8);
    query.auth_timestamp = g.string(12);
    query.auth_signature = g.string(64);
  }
  const qs = new URLSearchParams(query).toString();
  return { method, path: qs ? `${base}?${qs}` : base, body, signed };
}

/** The path exactly as the server sees it (url.pathname keeps percent-escapes). */
function safePath(path: string): string {
  try {
    return new URL(path, "http://x").pathname;
  } catch {
    return path;
  }
}

async function fuzzHttp(server: RealtimeServer, g: Gen, count: number): Promise<HttpOutcome[]> {
  const outcomes: HttpOutcome[] = [];
  g.cacheChannels = false;
  const requests = Array.from({ length: count }, () => httpRequest(g));
  g.cacheChannels = true;
  for (let i = 0; i < requests.length; i += 8) {
    await Promise.all(
      requests.slice(i, i + 8).map(async ({ method, path, body }) => {
        try {
          const response = await rawHttp(server, { method, path, body });
          outcomes.push({ request: `${method} ${path.slice(0, 120)} (${body?.length ?? 0} B)`, status: response.status });
        } catch (error) {
          outcomes.push({ request: `${method} ${path.slice(0, 120)} (${body?.length ?? 0} B): ${String(error)}`, status: -1 });
        }
      }),
    );
  }
  return outcomes;
}

/** Raw TCP garbage at the HTTP port: random bytes and broken request heads. */
async function fuzzTcp(server: RealtimeServer, g: Gen, count: number): Promise<void> {
  const heads = () =>
    g.pick([
      g.bytes(1 + g.int(500)).toString("latin1"),
      `GET /apps/test-app/channels HTTP/1.1\r\nHost: x\r\nContent-Length: ${g.int(1e9)}\r\n\r\n`,
      `POST /apps/test-app/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      `GET /app/test-key?protocol=7 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      `GET /app/${pct(g.string(20))}?protocol=7 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${g.string(10)}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      `${g.string(10)} ${g.string(20)} HTTP/1.1\r\n\r\n`,
      `GET / HTTP/1.1\r\n${"X-Long: " + "a".repeat(20_000)}\r\n\r\n`,
    ]);
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve) => {
          const socket = net.connect(server.port, "127.0.0.1", () => socket.end(heads()));
          socket.on("data", () => {});
          socket.on("error", () => resolve());
          socket.on("close", () => resolve());
          socket.setTimeout(1_000, () => {
            socket.destroy();
            resolve();
          });
        }),
    ),
  );
}

describe("fuzz", () => {
  it("fuzz - thousands of malformed frames and requests: the server never throws, keeps no state for gone clients, does not leak, and keeps serving", async () => {
    const g = new Gen(prng(seed));
    const limit = 64 * 1024;
    const server = await startServer({ maxFrameBytes: limit });
    const thrown: unknown[] = [];
    const onThrow = (error: unknown) => thrown.push(error);
    process.on("uncaughtException", onThrow);
    process.on("unhandledRejection", onThrow);
    const gc = getGc();
    const heap = async () => {
      for (let i = 0; i < 3; i++) {
        gc?.();
        await sleep(20);
      }
      return process.memoryUsage().heapUsed;
    };
    try {
      // Warm-up round, so JIT code and lazily built caches are not counted as growth.
      await fuzzFrames(server, g, 300, limit);
      await fuzzHttp(server, g, 40);
      await until(() => server.connectionCount() === 0, 5_000, "warm-up connections to close");
      const before = await heap();

      await fuzzFrames(server, g, 3_000, limit);
      await fuzzHttp(server, g, 400);
      await fuzzTcp(server, g, 60);
      await until(() => server.connectionCount() === 0, 5_000, "fuzz connections to close");
      const after = await heap();

      expect(thrown.map(String), `seed ${seed}`).toEqual([]);
      const health = await rawHttp(server, { method: "GET", path: "/health" });
      expect(health.status).toBe(200);
      // Every fuzz client is gone: no connection, channel or member may be left behind.
      expect(health.json, `seed ${seed}, ${JSON.stringify({ ...stats, closes: [...stats.closes] })}`).toMatchObject({ status: "ok", connections: 0, channels: 0 });

      const pusher = client(server, { presence: { user_id: "after-fuzz" } });
      const channel = await join(pusher, "presence-after");
      const got = collect(channel, "still-alive");
      await serverSdk(server).trigger("presence-after", "still-alive", { seed });
      await until(() => got.length === 1, 3_000, "an event at a fresh pusher-js client");

      // With a real GC the bound is tight; without one, heapUsed is noisy and the bound generous.
      const bound = gc ? 8 * 1024 * 1024 : 96 * 1024 * 1024;
      expect(after - before, `heap grew ${Math.round((after - before) / 1024)} KB (gc ${gc ? "available" : "unavailable"}), seed ${seed}`).toBeLessThan(bound);
    } finally {
      process.off("uncaughtException", onThrow);
      process.off("unhandledRejection", onThrow);
    }
  });

  it("fuzz - malformed HTTP requests are answered with 4xx, never 5xx", async () => {
    const g = new Gen(prng(seed + 1));
    const server = await startServer({ maxFrameBytes: 64 * 1024 });
    const outcomes = await fuzzHttp(server, g, 300);
    const serverErrors = outcomes.filter((o) => o.status >= 500 || o.status === -1);
    expect(serverErrors.slice(0, 5), `${serverErrors.length} of ${outcomes.length} requests got 5xx or no answer, seed ${seed + 1}`).toEqual([]);
  });
});
