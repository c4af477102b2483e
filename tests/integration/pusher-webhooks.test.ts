import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/pusher/webhooks/route";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { ErrorBody } from "@/lib/errors";
import { roomPresenceChannel, roomMessagesChannel } from "@/lib/realtime/channels";
import { webhookSignature } from "@/realtime/crypto";

const channelKey = "0123456789abcdef0123456789abcdef";
const presence = (roomId = "room1") => roomPresenceChannel(roomId, channelKey);

async function makeUser() {
  return prisma.user.create({ data: { email: `seen-${randomUUID()}@example.com`, name: "Seen" }, select: { id: true } });
}

const lastSeen = async (id: string) => (await prisma.user.findUniqueOrThrow({ where: { id }, select: { lastSeenAt: true } })).lastSeenAt;

/** Signed by the built-in realtime server's own signer (realtime/webhooks.ts uses it): what it sends, the route accepts. */
function sign(body: string, secret = env.PUSHER_SECRET) {
  return webhookSignature(secret, body);
}

async function send({ body, headers }: { body: string; headers: Record<string, string> }) {
  const request = new Request("http://localhost/api/pusher/webhooks", { method: "POST", headers, body });
  const response = await POST(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as ErrorBody & { ok?: boolean } };
}

const signedHeaders = (body: string, secret?: string) => ({ "content-type": "application/json", "x-pusher-key": env.PUSHER_KEY, "x-pusher-signature": sign(body, secret) });

const batch = (events: unknown[], time = Date.now()) => JSON.stringify({ time_ms: time, events });

describe("POST /api/pusher/webhooks", () => {
  it("a signed member_added and member_removed batch gets 200 and sets lastSeenAt for both users", async () => {
    const [ada, bob, idle] = [await makeUser(), await makeUser(), await makeUser()];
    const before = Date.now();
    const body = batch([
      { name: "member_added", channel: presence(), user_id: ada.id },
      { name: "member_removed", channel: presence("room2"), user_id: bob.id },
    ]);
    const { status, body: answer } = await send({ body, headers: signedHeaders(body) });
    expect(status).toBe(200);
    expect(answer).toEqual({ ok: true });
    for (const user of [ada, bob]) {
      const seen = await lastSeen(user.id);
      expect(seen).not.toBeNull();
      expect(seen!.getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(seen!.getTime()).toBeLessThanOrEqual(Date.now() + 5);
    }
    expect(await lastSeen(idle.id)).toBeNull();
  });

  it("a wrong signature gets 401 and records nothing", async () => {
    const ada = await makeUser();
    const body = batch([{ name: "member_added", channel: presence(), user_id: ada.id }]);
    const { status, body: answer } = await send({ body, headers: signedHeaders(body, "not-the-secret") });
    expect(status).toBe(401);
    expect(answer.error).toEqual({ code: "unauthorized", message: "Invalid webhook signature." });
    expect(await lastSeen(ada.id)).toBeNull();
  });

  it("a body changed after signing gets 401 and records nothing", async () => {
    const [ada, mallory] = [await makeUser(), await makeUser()];
    const signed = batch([{ name: "member_added", channel: presence(), user_id: ada.id }]);
    const tampered = signed.replace(ada.id, mallory.id);
    const { status } = await send({ body: tampered, headers: signedHeaders(signed) });
    expect(status).toBe(401);
    expect(await lastSeen(ada.id)).toBeNull();
    expect(await lastSeen(mallory.id)).toBeNull();
  });

  it("a missing signature or key gets 401 with a message naming the headers", async () => {
    const ada = await makeUser();
    const body = batch([{ name: "member_added", channel: presence(), user_id: ada.id }]);
    const { "x-pusher-signature": _signature, ...unsigned } = signedHeaders(body);
    const { "x-pusher-key": _key, ...keyless } = signedHeaders(body);
    for (const headers of [unsigned, keyless]) {
      const { status, body: answer } = await send({ body, headers });
      expect(status).toBe(401);
      expect(answer.error.message).toMatch(/X-Pusher-Signature/);
    }
    expect(await lastSeen(ada.id)).toBeNull();
  });

  it("a body that is not JSON, or not a webhook batch, gets 400", async () => {
    for (const body of ["{not json", JSON.stringify({ events: "nope" }), JSON.stringify([1, 2])]) {
      const { status, body: answer } = await send({ body, headers: signedHeaders(body) });
      expect(status, body).toBe(400);
      expect(answer.error.code).toBe("bad_request");
    }
  });

  it("a body over the size cap gets 413", async () => {
    const body = batch(Array.from({ length: 6000 }, () => ({ name: "client_event", channel: "x", event: "client-typing", data: "y".repeat(80), socket_id: "1.1" })));
    const { status } = await send({ body, headers: signedHeaders(body) });
    expect(status).toBe(413);
  });

  it("events other than presence joins and leaves of room presence channels change nothing", async () => {
    const [ada, bob, cy] = [await makeUser(), await makeUser(), await makeUser()];
    const body = batch([
      { name: "channel_occupied", channel: presence() },
      { name: "member_added", channel: roomMessagesChannel("room1", channelKey, false), user_id: ada.id },
      { name: "member_added", channel: "presence-something-else", user_id: bob.id },
      { name: "client_event", channel: presence(), event: "client-typing", data: "{}", socket_id: "1.2", user_id: cy.id },
    ]);
    const { status } = await send({ body, headers: signedHeaders(body) });
    expect(status).toBe(200);
    for (const user of [ada, bob, cy]) expect(await lastSeen(user.id)).toBeNull();
  });

  it("a late retry of an older batch never moves lastSeenAt back, and a future time is capped at now", async () => {
    const ada = await makeUser();
    const fresh = batch([{ name: "member_removed", channel: presence(), user_id: ada.id }], Date.now() + 3_600_000);
    expect((await send({ body: fresh, headers: signedHeaders(fresh) })).status).toBe(200);
    const first = (await lastSeen(ada.id))!;
    expect(first.getTime()).toBeLessThanOrEqual(Date.now() + 5);
    const stale = batch([{ name: "member_added", channel: presence(), user_id: ada.id }], Date.now() - 300_000);
    expect((await send({ body: stale, headers: signedHeaders(stale) })).status).toBe(200);
    expect((await lastSeen(ada.id))!.getTime()).toBe(first.getTime());
  });
});
