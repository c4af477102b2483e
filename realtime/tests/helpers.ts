// Test helpers: a realtime server on a free port, and the unmodified pusher-js (Node build) and
// pusher SDK pointed at it exactly as an app would point them at hosted Pusher. Raw `ws` clients
// and signed raw HTTP requests cover what those libraries would never send.
import http from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import Pusher from "pusher";
import PusherClient from "pusher-js";
import type { Channel, ChannelAuthorizationHandler, Options } from "pusher-js";
import WebSocket, { type ClientOptions } from "ws";
import { startRealtimeServer, type RealtimeServer } from "../server";
import type { RealtimeOptions } from "../config";
import { apiSignature, channelAuth, md5Hex, userAuth } from "../crypto";

export const app = { appId: "test-app", key: "test-key", secret: "test-secret" };
/** 32 bytes, base64: the master key of encrypted channels in these tests. */
export const encryptionMasterKeyBase64 = Buffer.alloc(32, 7).toString("base64");

// ── Cleanup: everything a test opens is closed in afterEach, newest first ──────────────────

const cleanups: Array<{ fn: () => unknown; what: string }> = [];

export function onCleanup(fn: () => unknown, what = "a client"): void {
  cleanups.push({ fn, what });
}

/**
 * Closes every client, server and HTTP listener opened since the last call (use in afterEach),
 * newest first. Each close gets 3 s: one that hangs fails the test instead of the whole run.
 */
export async function cleanup(): Promise<void> {
  const hung: string[] = [];
  for (const { fn, what } of cleanups.splice(0).reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), 3_000);
    });
    try {
      const result = await Promise.race([Promise.resolve().then(fn), timedOut]);
      if (result === "timeout") hung.push(what);
    } catch {
      // one failed close must not keep the others open
    } finally {
      clearTimeout(timer);
    }
  }
  if (hung.length) throw new Error(`cleanup: ${hung.join(", ")} did not close within 3 s`);
}

// ── Servers ─────────────────────────────────────────────────────────────────────────────

export async function startTestServer(overrides: Partial<RealtimeOptions> = {}): Promise<RealtimeServer> {
  return startRealtimeServer({ ...app, port: 0, logLevel: "silent", ...overrides });
}

/** A test server that cleanup() closes. */
export async function startServer(overrides: Partial<RealtimeOptions> = {}): Promise<RealtimeServer> {
  const server = await startTestServer(overrides);
  onCleanup(() => server.close(), "realtime server close()");
  return server;
}

export function serverSdk(
  server: RealtimeServer,
  overrides: Partial<{ key: string; secret: string; appId: string; encryptionMasterKeyBase64: string }> = {},
): Pusher {
  return new Pusher({ ...app, ...overrides, host: "127.0.0.1", port: String(server.port), useTLS: false });
}

// ── pusher-js ───────────────────────────────────────────────────────────────────────────

export interface PresenceUser {
  user_id: string;
  user_info?: Record<string, unknown>;
}

export interface ClientSetup {
  presence?: PresenceUser;
  user?: { id: string; user_info?: unknown; watchlist?: string[] };
  /** Signs encrypted channels too (the auth response then carries shared_secret). */
  encrypted?: boolean;
  /** Replaces the SDK-backed channel authorization (to hand pusher-js a bad signature). */
  authorize?: ChannelAuthorizationHandler;
  options?: Partial<Options>;
  /** Another app key (to be refused). */
  key?: string;
}

/**
 * A pusher-js client whose channel authorization is signed by the pusher SDK in-process: the same
 * code path an app's auth endpoint runs, minus the HTTP hop. `presence` gives the member identity.
 * cleanup() disconnects it.
 */
export function client(server: RealtimeServer, { presence, user, encrypted, authorize, options = {}, key = app.key }: ClientSetup = {}): PusherClient {
  const sdk = serverSdk(server, encrypted ? { encryptionMasterKeyBase64 } : {});
  const pusher = new PusherClient(key, {
    cluster: "test",
    wsHost: "127.0.0.1",
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: "/unused",
      transport: "ajax",
      customHandler:
        authorize ??
        (({ socketId, channelName }, callback) => {
          try {
            const auth = channelName.startsWith("presence-")
              ? sdk.authorizeChannel(socketId, channelName, presence ?? { user_id: "anonymous" })
              : sdk.authorizeChannel(socketId, channelName);
            callback(null, auth);
          } catch (error) {
            callback(error as Error, null);
          }
        }),
    },
    userAuthentication: {
      endpoint: "/unused",
      transport: "ajax",
      customHandler: ({ socketId }, callback) => {
        if (!user) return callback(new Error("no user"), null);
        callback(null, sdk.authenticateUser(socketId, user as Parameters<Pusher["authenticateUser"]>[1]));
      },
    },
    ...options,
  });
  onCleanup(() => pusher.disconnect());
  return pusher;
}

type Bindable<T> = { bind: (event: string, cb: (data: T) => void) => unknown; unbind?: (event: string, cb: (data: T) => void) => unknown };

/** The next `event` on a pusher-js channel, connection or user; rejects after timeoutMs. */
export function waitFor<T = unknown>(emitter: Bindable<T>, event: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.unbind?.(event, handler);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`));
    }, timeoutMs);
    const handler = (data: T) => {
      clearTimeout(timer);
      emitter.unbind?.(event, handler);
      resolve(data);
    };
    emitter.bind(event, handler);
  });
}

/** Every `event` a pusher-js channel receives from now on, with its metadata (user_id). */
export function collect<T = unknown>(channel: Channel, event: string): Array<{ data: T; metadata?: { user_id?: string } }> {
  const got: Array<{ data: T; metadata?: { user_id?: string } }> = [];
  channel.bind(event, (data: T, metadata?: { user_id?: string }) => got.push({ data, metadata }));
  return got;
}

export function connected(pusher: PusherClient, timeoutMs = 5_000): Promise<void> {
  if (pusher.connection.state === "connected") return Promise.resolve();
  return until(() => pusher.connection.state === "connected", timeoutMs, "pusher-js connected");
}

export function subscribed(channel: Channel): Promise<unknown> {
  return waitFor(channel, "pusher:subscription_succeeded");
}

/** Subscribes a pusher-js client and waits for the server's confirmation. */
export async function join<C extends Channel = Channel>(pusher: PusherClient, name: string): Promise<C> {
  const channel = pusher.subscribe(name) as C;
  await subscribed(channel);
  return channel;
}

/** Resolves when pusher-js has received pusher:signin_success. */
export function signedIn(pusher: PusherClient, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out waiting for pusher:signin_success")), timeoutMs);
    const handler = (event: { event: string }) => {
      if (event.event !== "pusher:signin_success") return;
      clearTimeout(timer);
      pusher.connection.unbind("message", handler);
      resolve();
    };
    pusher.connection.bind("message", handler);
  });
}

// ── Waiting ─────────────────────────────────────────────────────────────────────────────

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms; rejects with `what` after timeoutMs. */
export async function until(condition: () => boolean, timeoutMs = 3_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

// ── Raw WebSocket clients ───────────────────────────────────────────────────────────────

export interface Frame {
  event: string;
  channel?: string;
  user_id?: string;
  /** `data` decoded the way pusher-js decodes it (a JSON string is parsed). */
  data: unknown;
  /** `data` exactly as it was on the wire. */
  rawData: unknown;
  text: string;
}

export const defaultQuery = "protocol=7&client=js&version=8.6.0&flash=false";

export function wsUrl(server: RealtimeServer, { key = app.key, query = defaultQuery }: { key?: string; query?: string } = {}): string {
  return `ws://127.0.0.1:${server.port}/app/${encodeURIComponent(key)}${query ? `?${query}` : ""}`;
}

type FramePredicate = (frame: Frame) => boolean;
const describePredicate = (what: string | FramePredicate) => (typeof what === "string" ? what : "a matching frame");
const toPredicate = (what: string | FramePredicate, channel?: string): FramePredicate =>
  typeof what === "string" ? (f) => f.event === what && (channel === undefined || f.channel === channel) : what;

/** A raw `ws` client that records every frame; `next()` hands out each recorded frame once. */
export class RawClient {
  readonly frames: Frame[] = [];
  readonly binaryFrames: Buffer[] = [];
  private readonly consumed = new Set<number>();
  private readonly waiters = new Set<() => void>();
  closeInfo: { code: number; reason: string } | null = null;
  readonly closed: Promise<{ code: number; reason: string }>;
  socketId = "";

  constructor(readonly ws: WebSocket) {
    ws.on("error", () => {});
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        this.binaryFrames.push(data);
      } else {
        const text = data.toString("utf8");
        const parsed = JSON.parse(text) as { event: string; channel?: string; user_id?: string; data?: unknown };
        let decoded = parsed.data;
        if (typeof decoded === "string") {
          try {
            decoded = JSON.parse(decoded);
          } catch {
            // not JSON: pusher-js hands it over as a string too
          }
        }
        this.frames.push({ event: parsed.event, channel: parsed.channel, user_id: parsed.user_id, data: decoded, rawData: parsed.data, text });
      }
      for (const wake of [...this.waiters]) wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code: number, reason: Buffer) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        for (const wake of [...this.waiters]) wake();
      });
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Frames received so far that match (consumed or not). */
  seen(what: string | FramePredicate, channel?: string): Frame[] {
    const predicate = toPredicate(what, channel);
    return this.frames.filter(predicate);
  }

  /** The first not-yet-taken frame that matches, waiting up to timeoutMs for it. */
  next(what: string | FramePredicate, { channel, timeoutMs = 3_000 }: { channel?: string; timeoutMs?: number } = {}): Promise<Frame> {
    const predicate = toPredicate(what, channel);
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const index = this.frames.findIndex((f, i) => !this.consumed.has(i) && predicate(f));
        if (index >= 0) {
          this.consumed.add(index);
          finish();
          resolve(this.frames[index]!);
          return true;
        }
        if (this.closeInfo) {
          finish();
          reject(new Error(`connection closed (${this.closeInfo.code}) before ${describePredicate(what)}; got ${this.summary()}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describePredicate(what)}; got ${this.summary()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = () => void check();
      if (!check()) this.waiters.add(wake);
    });
  }

  /** The next pusher:error, with its data. */
  async error(timeoutMs = 3_000): Promise<{ code: number | null; message: string }> {
    const frame = await this.next("pusher:error", { timeoutMs });
    return frame.data as { code: number | null; message: string };
  }

  /** Sends pusher:ping and waits for the pong: everything sent before it has been handled. */
  async roundTrip(): Promise<void> {
    this.send({ event: "pusher:ping", data: {} });
    await this.next("pusher:pong");
  }

  /** Subscribes with a valid signature (presence: for `member`) unless `auth` is given. */
  async subscribe(channel: string, { member, auth, channelData }: { member?: PresenceUser; auth?: string; channelData?: string } = {}): Promise<Frame> {
    this.sendSubscribe(channel, { member, auth, channelData });
    return this.next("pusher_internal:subscription_succeeded", { channel });
  }

  sendSubscribe(channel: string, { member, auth, channelData }: { member?: PresenceUser; auth?: string; channelData?: string } = {}): void {
    const data: Record<string, unknown> = { channel };
    if (channel.startsWith("presence-")) {
      data.channel_data = channelData ?? JSON.stringify(member ?? { user_id: "anonymous" });
      data.auth = auth ?? channelAuth(app.key, app.secret, this.socketId, channel, data.channel_data as string);
    } else if (channel.startsWith("private-")) {
      data.auth = auth ?? channelAuth(app.key, app.secret, this.socketId, channel);
    } else if (auth !== undefined) {
      data.auth = auth;
    }
    this.send({ event: "pusher:subscribe", data });
  }

  /** Signs in with a valid signature; returns the signin_success frame. */
  async signin(userData: { id: string; [key: string]: unknown }): Promise<Frame> {
    this.sendSignin(userData);
    return this.next("pusher:signin_success");
  }

  sendSignin(userData: unknown, auth?: string): void {
    const json = JSON.stringify(userData);
    this.send({ event: "pusher:signin", data: { user_data: json, auth: auth ?? userAuth(app.key, app.secret, this.socketId, json) } });
  }

  summary(): string {
    return `[${this.frames.map((f) => `${f.event}${f.channel ? `@${f.channel}` : ""}`).join(", ")}]`;
  }

  terminate(): void {
    this.ws.terminate();
  }
}

export interface RawOptions {
  key?: string;
  query?: string;
  ws?: ClientOptions;
  /** Wait for pusher:connection_established (default true). */
  handshake?: boolean;
}

/** A raw client connected to the server (and past the handshake unless told otherwise). cleanup() terminates it. */
export async function rawClient(server: RealtimeServer, { key, query, ws: wsOptions, handshake = true }: RawOptions = {}): Promise<RawClient> {
  const ws = new WebSocket(wsUrl(server, { key, query }), { perMessageDeflate: false, ...wsOptions });
  const raw = new RawClient(ws);
  onCleanup(() => raw.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_request, response) => reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)));
    ws.once("error", reject);
  });
  if (handshake) {
    const established = await raw.next("pusher:connection_established");
    raw.socketId = (established.data as { socket_id: string }).socket_id;
  }
  return raw;
}

// ── Raw HTTP API requests ───────────────────────────────────────────────────────────────

export interface ApiRequest {
  method?: string;
  /** Path under /apps/{appId}, e.g. "/events". */
  path: string;
  body?: string | Buffer | object;
  query?: Record<string, string>;
  appId?: string;
  key?: string;
  secret?: string;
  /** auth_timestamp in seconds (default: now). */
  timestamp?: number;
  /** Overrides body_md5 (null leaves it out). */
  bodyMd5?: string | null;
  /** Overrides auth_signature. */
  signature?: string;
  /** Leave out every auth_* parameter. */
  unsigned?: boolean;
}

export interface ApiResponse {
  status: number;
  text: string;
  json: unknown;
}

/** A request to the HTTP API, signed the way the SDK signs (unless told otherwise). */
export async function api(server: RealtimeServer, request: ApiRequest): Promise<ApiResponse> {
  const method = request.method ?? (request.body === undefined ? "GET" : "POST");
  const path = `/apps/${request.appId ?? app.appId}${request.path}`;
  const body =
    request.body === undefined ? undefined : typeof request.body === "string" || Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body);
  const query: Record<string, string> = { ...request.query };
  if (!request.unsigned) {
    query.auth_key = request.key ?? app.key;
    query.auth_timestamp = String(request.timestamp ?? Math.floor(Date.now() / 1000));
    query.auth_version = "1.0";
    const md5 = request.bodyMd5 === undefined ? (body === undefined ? null : md5Hex(body)) : request.bodyMd5;
    if (md5 !== null) query.body_md5 = md5;
    query.auth_signature = request.signature ?? apiSignature(request.secret ?? app.secret, method, path, query);
  }
  return rawHttp(server, { method, path: `${path}?${new URLSearchParams(query).toString()}`, body });
}

/** One HTTP request with any method, path (sent verbatim) and body. */
export function rawHttp(server: RealtimeServer, { method, path, body, headers = {} }: { method: string; path: string; body?: string | Buffer; headers?: Record<string, string> }): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method, path, headers: { ...(body !== undefined && { "Content-Type": "application/json" }), ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(5_000, () => req.destroy(new Error(`HTTP ${method} ${path.slice(0, 80)} timed out`)));
    req.end(body);
  });
}

/** The status of a request the SDK made (its promise rejects with RequestError on non-2xx). */
export async function sdkStatus(promise: Promise<unknown>): Promise<number> {
  try {
    const response = (await promise) as { status: number };
    return response.status;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (typeof status !== "number") throw error;
    return status;
  }
}

// ── Webhook target ──────────────────────────────────────────────────────────────────────

export interface WebhookEventBody {
  name: string;
  channel: string;
  [key: string]: unknown;
}

export interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { time_ms: number; events: WebhookEventBody[] };
  status: number;
  at: number;
}

export interface WebhookTarget {
  url: string;
  deliveries: Delivery[];
  /** Every event of every delivery that was answered 2xx, in arrival order. */
  events(): WebhookEventBody[];
  /** The first event (of a 2xx-answered delivery) matching, waiting for it. */
  next(predicate: (event: WebhookEventBody) => boolean, timeoutMs?: number): Promise<{ event: WebhookEventBody; delivery: Delivery }>;
}

/** An HTTP server on 127.0.0.1 that records webhook deliveries; `respond` picks each answer's status. */
export async function webhookTarget(respond: (attempt: number) => number = () => 200): Promise<WebhookTarget> {
  const deliveries: Delivery[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const status = respond(deliveries.length);
      deliveries.push({ headers: req.headers, body, json: JSON.parse(body) as Delivery["json"], status, at: Date.now() });
      res.writeHead(status).end();
      for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    "webhook target",
  );
  const accepted = () => deliveries.filter((d) => d.status >= 200 && d.status < 300);
  const consumed = new Set<WebhookEventBody>();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pusher/webhooks`,
    deliveries,
    events: () => accepted().flatMap((d) => d.json.events),
    next(predicate, timeoutMs = 3_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const delivery of accepted()) {
            for (const event of delivery.json.events) {
              if (!consumed.has(event) && predicate(event)) {
                consumed.add(event);
                finish();
                resolve({ event, delivery });
                return true;
              }
            }
          }
          return false;
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out waiting for a webhook event; got ${JSON.stringify(accepted().flatMap((d) => d.json.events))}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        const wake = () => void check();
        if (!check()) waiters.add(wake);
      });
    },
  };
}

// ── Memory ──────────────────────────────────────────────────────────────────────────────

/** A handle on V8's garbage collector even without --expose-gc (null if the runtime refuses). */
export function getGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === "function") return existing;
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/** A seeded PRNG (mulberry32), so a failing fuzz run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
