// The built-in realtime server's own webhooks, delivered to the route: what it signs, the pusher
// SDK accepts, and a member joining a room's presence channel is recorded as seen.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Pusher from "pusher";
import PusherClient from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/pusher/webhooks/route";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { roomPresenceChannel } from "@/lib/realtime/channels";
import { startRealtimeServer, type RealtimeServer } from "@/realtime/server";

/** Forwards each webhook to the route handler, and reports the route's answers in order. */
function routeBridge() {
  const answers: number[] = [];
  const waiters: ((status: number) => void)[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
      const answer = await POST(new Request("http://localhost/api/pusher/webhooks", { method: "POST", headers, body: Buffer.concat(chunks) }), { params: Promise.resolve({}) });
      response.writeHead(answer.status).end(await answer.text());
      const waiter = waiters.shift();
      if (waiter) waiter(answer.status);
      else answers.push(answer.status);
    });
  });
  return {
    server,
    nextAnswer: () => (answers.length ? Promise.resolve(answers.shift()!) : new Promise<number>((resolve) => waiters.push(resolve))),
  };
}

let realtime: RealtimeServer;
const bridge = routeBridge();
const clients: PusherClient[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => bridge.server.listen(0, "127.0.0.1", resolve));
  const { port } = bridge.server.address() as AddressInfo;
  realtime = await startRealtimeServer({
    port: 0,
    logLevel: "silent",
    appId: env.PUSHER_APP_ID,
    key: env.PUSHER_KEY,
    secret: env.PUSHER_SECRET,
    userAuthTimeoutSeconds: 0,
    webhookUrl: `http://127.0.0.1:${port}/api/pusher/webhooks`,
    webhookDelayMs: 20,
  });
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await realtime.close();
  await new Promise<void>((resolve) => bridge.server.close(() => resolve()));
});

function member(userId: string): PusherClient {
  const sdk = new Pusher({ appId: env.PUSHER_APP_ID, key: env.PUSHER_KEY, secret: env.PUSHER_SECRET, host: "127.0.0.1", port: String(realtime.port), useTLS: false });
  const client = new PusherClient(env.PUSHER_KEY, {
    cluster: "custom",
    wsHost: "127.0.0.1",
    wsPort: realtime.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: "/unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => callback(null, sdk.authorizeChannel(socketId, channelName, { user_id: userId, user_info: {} })),
    },
  });
  clients.push(client);
  return client;
}

describe("presence webhooks from the built-in realtime server", () => {
  it("a member joining a room's presence channel is delivered, accepted (200) and recorded in lastSeenAt; leaving updates it again", async () => {
    const ada = await prisma.user.create({ data: { email: `presence-${randomUUID()}@example.com`, name: "Ada" }, select: { id: true } });
    const client = member(ada.id);
    const channel = client.subscribe(roomPresenceChannel("room1", "0123456789abcdef0123456789abcdef"));
    await new Promise<void>((resolve, reject) => {
      channel.bind("pusher:subscription_succeeded", () => resolve());
      channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
    });

    // Each webhook batch the route answers; the one with member_added sets lastSeenAt (channel_occupied may come apart).
    const seenAfterNextBatch = async (differentFrom: number | null) => {
      for (;;) {
        expect(await bridge.nextAnswer()).toBe(200);
        const seen = (await prisma.user.findUniqueOrThrow({ where: { id: ada.id }, select: { lastSeenAt: true } })).lastSeenAt;
        if (seen && seen.getTime() !== differentFrom) return seen.getTime();
      }
    };
    const joined = await seenAfterNextBatch(null);

    client.unsubscribe(channel.name);
    // member_removed, after the (shortened) delay: a later time.
    const left = await seenAfterNextBatch(joined);
    expect(left).toBeGreaterThan(joined);
  });
});
