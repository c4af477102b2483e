// Parley's Pusher-protocol server: WebSocket connections at /app/{key}, the HTTP API at /apps/{id}/...,
// and GET /health. Built on `ws`; see docs/realtime.md for what it implements and its limits.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { randomInt } from "node:crypto";
import { WebSocketServer, type WebSocket } from "ws";
import { defaultRealtimeOptions, type RealtimeOptions } from "./config";
import { Connection } from "./connection";
import { HttpApi } from "./http-api";
import { Hub } from "./hub";
import { createLogger } from "./log";
import { CloseCode, decodeClientFrame, encodeFrame, errorFrame } from "./protocol";
import { Webhooks } from "./webhooks";

export interface RealtimeServer {
  host: string;
  port: number;
  options: RealtimeOptions;
  /** Live connection count, for health checks and tests. */
  connectionCount(): number;
  /** Closes every connection with 4200 (clients reconnect at once) and stops listening. */
  close(): Promise<void>;
}

export async function startRealtimeServer(overrides: Partial<RealtimeOptions> = {}): Promise<RealtimeServer> {
  const options: RealtimeOptions = { ...defaultRealtimeOptions, ...overrides };
  const log = createLogger(options.logLevel);
  const webhooks = new Webhooks(
    { url: options.webhookUrl, key: options.key, secret: options.secret, delayMs: options.webhookDelayMs, retryForMs: options.webhookRetryForMs },
    log,
  );
  const hub = new Hub(options, log, webhooks);
  const api = new HttpApi(options, hub, log);
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
  let closing = false;

  // Unpredictable, in Pusher's `\d+.\d+` shape: 96 random bits. A channel signature is bound to one
  // socket id and never expires, so an id one could guess in advance could be signed in advance
  // (while still a member) and used after removal.
  const nextSocketId = () => {
    for (;;) {
      const id = `${randomInt(1, 2 ** 48)}.${randomInt(1, 2 ** 48)}`;
      if (!hub.connections.has(id)) return id;
    }
  };

  const server = http.createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      log("warn", "http handler failed", { error: String(error) });
      if (!response.headersSent) response.writeHead(500).end("Internal error");
      else response.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = parseTarget(request.url);
    if (!url) {
      api.reject(response, 400, "Malformed request target", request.method);
      return;
    }
    if (url.pathname === "/health" || url.pathname === "/") {
      const body = JSON.stringify({ status: closing ? "closing" : "ok", connections: hub.connections.size, channels: hub.channels.size });
      response.writeHead(closing ? 503 : 200, { "Content-Type": "application/json" }).end(body);
      return;
    }
    if (!url.pathname.startsWith("/apps/")) {
      api.reject(response, 404, "Not found", request.method, url.pathname);
      return;
    }
    const body = await readBody(request, options.maxFrameBytes);
    if (body === null) {
      api.reject(response, 413, `Request body over ${options.maxFrameBytes} bytes`, request.method, url.pathname);
      request.resume();
      return;
    }
    api.handle(request, response, url, body);
  }

  server.on("upgrade", (request: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const url = parseTarget(request.url);
    const match = url && /^\/app\/([^/]+)$/.exec(url.pathname);
    if (!url) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    if (!match || closing) {
      socket.end(`HTTP/1.1 ${closing ? "503 Service Unavailable" : "404 Not Found"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request, match[1]!, url));
  });

  function accept(ws: WebSocket, request: IncomingMessage, key: string, url: URL): void {
    const remoteAddress = request.socket.remoteAddress ?? "unknown";
    const refuse = (code: number, message: string) => {
      ws.send(errorFrame(message, code));
      ws.close(code, message.slice(0, 120));
      log("info", "connection refused", { remote: remoteAddress, code, reason: message });
    };
    if (safeDecode(key) !== options.key) return refuse(CloseCode.unknownApp, `App key ${key.slice(0, 64)} not in this cluster`);
    const protocol = url.searchParams.get("protocol");
    if (!protocol) return refuse(CloseCode.noProtocol, "No protocol version supplied");
    if (!/^[5-7]$/.test(protocol)) return refuse(CloseCode.unsupportedProtocol, `Unsupported protocol version ${protocol.slice(0, 10)}`);
    if (options.maxConnections > 0 && hub.connections.size >= options.maxConnections) {
      return refuse(CloseCode.overQuota, "Over connection quota");
    }

    const connection = new Connection(nextSocketId(), ws, remoteAddress, options.maxBufferedBytes, (slow) => {
      log("warn", "slow consumer dropped", { socket_id: slow.id, buffered: slow.ws.bufferedAmount });
      slow.drop();
      hub.disconnect(slow);
    });
    hub.connections.set(connection.id, connection);

    ws.on("message", (data: Buffer, isBinary: boolean) => {
      connection.lastSeen = Date.now();
      connection.pingSentAt = 0;
      if (isBinary) {
        connection.send(errorFrame("Binary frames are not supported", null));
        return;
      }
      const frame = decodeClientFrame(data.toString("utf8"));
      if (!frame) {
        connection.send(errorFrame("Invalid message: expected a JSON object with an event name", null));
        return;
      }
      try {
        hub.handle(connection, frame);
      } catch (error) {
        log("warn", "message handler failed", { socket_id: connection.id, event: frame.event.slice(0, 64), error: String(error) });
        connection.send(errorFrame("Internal error handling that message", null));
      }
    });
    ws.on("pong", () => {
      connection.lastSeen = Date.now();
      connection.pingSentAt = 0;
    });
    ws.on("error", (error) => {
      log("info", "connection error", { socket_id: connection.id, error: error.message });
    });
    ws.on("close", (code: number) => {
      hub.disconnect(connection);
      log("info", "connection closed", {
        socket_id: connection.id,
        code,
        user_id: connection.user?.id,
        seconds: Math.round((Date.now() - connection.openedAt) / 1000),
      });
    });

    connection.send(
      encodeFrame("pusher:connection_established", undefined, { socket_id: connection.id, activity_timeout: options.activityTimeoutSeconds }),
    );
    log("info", "connection opened", { socket_id: connection.id, remote: remoteAddress, client: url.searchParams.get("client"), version: url.searchParams.get("version") });
  }

  // One sweep for every connection instead of timers per socket: inactivity pings, pong timeouts,
  // sign-in deadlines and expired cache entries.
  const sweepEveryMs = Math.min(1_000, options.activityTimeoutSeconds * 250, options.pongTimeoutSeconds * 250);
  let sweeps = 0;
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const connection of hub.connections.values()) {
      if (connection.closing) continue;
      if (options.userAuthTimeoutSeconds > 0 && !connection.user && now - connection.openedAt > options.userAuthTimeoutSeconds * 1000) {
        connection.send(errorFrame("Connection not signed in within the time limit", CloseCode.unauthorized));
        connection.close(CloseCode.unauthorized, "Not signed in in time");
      } else if (connection.pingSentAt && now - connection.pingSentAt > options.pongTimeoutSeconds * 1000) {
        connection.drop(CloseCode.pongNotReceived, "Pong reply not received");
      } else if (!connection.pingSentAt && now - connection.lastSeen > options.activityTimeoutSeconds * 1000) {
        connection.pingSentAt = now;
        connection.send(encodeFrame("pusher:ping", undefined, {}));
        try {
          connection.ws.ping();
        } catch {
          // the socket is already closing; its close event cleans up
        }
      }
    }
    if (++sweeps % 30 === 0) hub.sweepCache(now);
  }, sweepEveryMs);
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => log("warn", "server error", { error: String(error) }));
  const port = (server.address() as AddressInfo).port;
  log("info", "realtime server listening", { host: options.host, port, app_id: options.appId, key: options.key });

  return {
    host: options.host,
    port,
    options,
    connectionCount: () => hub.connections.size,
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(sweeper);
      webhooks.close();
      const closed = [...hub.connections.values()].map(
        (connection) =>
          new Promise<void>((resolve) => {
            if (connection.ws.readyState === connection.ws.CLOSED) return resolve();
            connection.ws.once("close", () => resolve());
            connection.close(CloseCode.reconnect, "Server shutting down");
          }),
      );
      await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      for (const connection of hub.connections.values()) connection.ws.terminate();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log("info", "realtime server stopped", { port });
    },
  };
}

/** The environment that points Parley's app (and the pusher SDK) at this server. */
export function pusherEnvFor(server: RealtimeServer): Record<string, string> {
  return {
    PUSHER_APP_ID: server.options.appId,
    PUSHER_KEY: server.options.key,
    PUSHER_SECRET: server.options.secret,
    PUSHER_HOST: server.host === "0.0.0.0" ? "127.0.0.1" : server.host,
    PUSHER_PORT: String(server.port),
    PUSHER_USE_TLS: "false",
  };
}

/** The request target as a URL, or null when it cannot be parsed (e.g. `//[`). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? "/", "http://realtime.invalid");
  } catch {
    return null;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The request body, or null when it is larger than `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
