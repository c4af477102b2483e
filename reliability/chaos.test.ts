import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../bench/lib/fixtures";
import { RoomClient, api, eventually, seedRoom, seedUsers, start, type BenchUser, type Stack } from "./support";

// 50 members send 5,000 messages while the realtime server is killed (SIGKILL, no goodbye) and
// restarted twice. Each client runs the room view's own logic (lib/client/message-store.ts): live
// events, and a catch-up from the API whenever its channel is subscribed again. Afterwards every
// client must hold every message exactly once, in the server's order.

const members = 50;
const perMember = 100;
// The app allows 20 messages per 10 s per member and room; 0.55 s apart stays under it.
const gapMs = 550;

let stack: Stack;
beforeAll(async () => {
  stack = await start();
});
afterAll(async () => {
  await stack?.close();
});

/** Sends one message, retrying (same clientId, so never twice) until the app has it. */
async function send(user: BenchUser, roomId: string, body: string): Promise<void> {
  const clientId = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const response = await api(stack, user, `/api/rooms/${roomId}/messages`, { method: "POST", body: JSON.stringify({ body, clientId }) }).catch(() => null);
    if (response && (response.status === 201 || response.status === 200)) return;
    if (attempt > 50) throw new Error(`send failed: ${response?.status} ${response?.text}`);
    await new Promise((resolve) => setTimeout(resolve, response?.status === 429 ? 1_000 : 200));
  }
}

describe("chaos: the realtime server dies twice mid-run", () => {
  it(`${members} clients end up with all ${members * perMember} messages exactly once, in the server's order`, async () => {
    const users = await seedUsers(stack.databaseUrl, stack.secret, members, "chaos");
    const room = await seedRoom(stack.databaseUrl, users);
    const clients = users.map((user) => new RoomClient(stack, user, room.id));
    try {
      await Promise.all(clients.map((c) => c.subscribed()));

      const senders = users.map(async (user, u) => {
        for (let i = 0; i < perMember; i++) {
          await send(user, room.id, `m ${u}-${i}`);
          await new Promise((resolve) => setTimeout(resolve, gapMs));
        }
      });
      const chaos = (async () => {
        for (const at of [15_000, 20_000]) {
          await new Promise((resolve) => setTimeout(resolve, at));
          await stack.realtime.kill();
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          await stack.realtime.start();
        }
      })();
      await Promise.all([...senders, chaos]);

      const serverOrder = await withDb(stack.databaseUrl, async (db) => {
        const { rows } = await db.query<{ id: string }>(`SELECT id FROM "Message" WHERE "roomId" = $1 ORDER BY "createdAt", id`, [room.id]);
        return rows.map((r) => r.id);
      });
      expect(serverOrder).toHaveLength(members * perMember);

      await eventually(async () => {
        await Promise.all(clients.map((c) => c.settled()));
        return clients.every((c) => c.messages.length >= serverOrder.length);
      }, 60_000, "every client to hold every message");

      for (const client of clients) {
        const ids = client.messages.map((m) => m.id);
        expect(new Set(ids).size, `${client.user.name} holds a message twice`).toBe(ids.length);
        expect(ids, `${client.user.name} differs from the server`).toEqual(serverOrder);
      }
      const reconnects = clients.map((c) => c.reconnects);
      console.log(`chaos: ${serverOrder.length} messages; every one of ${clients.length} clients holds all of them, in order; re-subscriptions per client: min ${Math.min(...reconnects)}, max ${Math.max(...reconnects)}`);
      expect(Math.min(...reconnects), "each client lived through both restarts").toBeGreaterThanOrEqual(2);
    } finally {
      clients.forEach((c) => c.close());
    }
  });
});
