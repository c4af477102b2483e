import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../bench/lib/fixtures";
import { RoomClient, api, eventually, seedRoom, seedUsers, start, type BenchUser, type Stack } from "./support";

// 50 members send 5,000 messages while the realtime server is killed (SIGKILL, no goodbye) and
// restarted twice. Each client runs the room view's own logic (reliability/support.ts RoomClient:
// lib/client/room-history.ts, room-channels.ts, reconnect.ts): live events, and a forward
// catch-up from the newest message it held whenever its channel is subscribed again. The senders
// never stop, so live events outpace every catch-up (each outage spans more messages than a page).
// Afterwards every client must hold every message exactly once, in the server's order, and every
// client must have been live again within 3 s of the server accepting connections.

const members = 50;
const perMember = Number(process.env.CHAOS_PER_MEMBER ?? 100);
// The app allows 20 messages per 10 s per member and room; 0.55 s apart stays under it.
const gapMs = 550;

let stack: Stack;
beforeAll(async () => {
  stack = await start();
});
afterAll(async () => {
  await stack?.close();
});

const statuses = new Map<string, number>();
const postTimes: number[] = [];

/** Sends one message, retrying (same clientId, so never twice) until the app has it. */
async function send(user: BenchUser, roomId: string, body: string): Promise<void> {
  const clientId = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const t0 = Date.now();
    const response = await api(stack, user, `/api/rooms/${roomId}/messages`, { method: "POST", body: JSON.stringify({ body, clientId }) }).catch(() => null);
    postTimes.push(Date.now() - t0);
    const key = String(response?.status ?? "network error");
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (response && (response.status === 201 || response.status === 200)) return;
    if (attempt > 50) throw new Error(`send failed: ${response?.status} ${response?.text}`);
    await new Promise((resolve) => setTimeout(resolve, response?.status === 429 ? 1_000 : 200));
  }
}

describe("chaos: the realtime server dies twice mid-run", () => {
  it(`${members} clients end up with all ${members * perMember} messages exactly once, in the server's order`, async () => {
    const users = await seedUsers(stack.databaseUrl, stack.secret, members, "chaos");
    const room = await seedRoom(stack.databaseUrl, users);
    const clients = await RoomClient.open(stack, users, room.id);
    try {
      await Promise.all(clients.map((c) => c.subscribed()));

      let sent = 0;
      const started = Date.now();
      const progress = setInterval(() => {
        const held = clients.map((c) => c.messages.length);
        const sorted = postTimes.splice(0).sort((a, b) => a - b);
        console.log(`chaos +${((Date.now() - started) / 1000).toFixed(0)} s: sent ${sent}, clients hold ${Math.min(...held)}–${Math.max(...held)}; POST p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
      }, 10_000);
      const senders = users.map(async (user, u) => {
        for (let i = 0; i < perMember; i++) {
          await send(user, room.id, `m ${u}-${i}`);
          sent++;
          await new Promise((resolve) => setTimeout(resolve, gapMs));
        }
      });
      // Kill at a third and at two thirds of the sends, so both outages fall mid-run.
      const restarts: { killAt: number; backAt: number; sentAtKill: number; sentAtBack: number }[] = [];
      const chaos = (async () => {
        for (const share of [1 / 3, 2 / 3]) {
          await eventually(() => sent >= members * perMember * share, 300_000, `${Math.round(share * 100)}% of the sends`);
          const sentAtKill = sent;
          const killAt = Date.now();
          await stack.realtime.kill();
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          await stack.realtime.start();
          restarts.push({ killAt, backAt: Date.now(), sentAtKill, sentAtBack: sent });
        }
      })();
      await Promise.all([...senders, chaos]).finally(() => clearInterval(progress));

      const serverRows = await withDb(stack.databaseUrl, async (db) => {
        const { rows } = await db.query<{ id: string; createdAt: Date }>(`SELECT id, "createdAt" FROM "Message" WHERE "roomId" = $1 ORDER BY "createdAt", id`, [room.id]);
        return rows;
      });
      const serverOrder = serverRows.map((r) => r.id);
      expect(serverOrder).toHaveLength(members * perMember);

      const short = () =>
        clients
          .filter((c) => c.messages.length < serverOrder.length)
          .map((c) => `${c.user.name}: ${serverOrder.length - c.messages.length} short, ${c.history.status}, last error ${c.history.lastError ?? "none"}, connection ${c.pusher.connection.state}`);
      try {
        await eventually(async () => {
          await Promise.all(clients.map((c) => c.settled()));
          return short().length === 0;
        }, 60_000, "every client to hold every message");
      } catch (error) {
        const missing = serverRows.filter((r) => clients.some((c) => !c.messages.some((m) => m.id === r.id)));
        const at = (t: number) => `+${((t - started) / 1000).toFixed(2)} s`;
        console.log(
          `chaos: clients short of the ${serverOrder.length} messages:\n  ${short().join("\n  ")}\n` +
            `missing: ${missing.map((r) => `${r.id} created ${at(r.createdAt.getTime())} (held by ${clients.filter((c) => c.messages.some((m) => m.id === r.id)).length})`).join(", ")}\n` +
            `restarts: ${restarts.map((r) => `killed ${at(r.killAt)}, back ${at(r.backAt)}`).join("; ")}`,
        );
        throw error;
      }

      // Back live: each client's first re-subscription after each restart, from the moment the server answered again.
      const offline = restarts.map(({ backAt }, i) => {
        const next = restarts[i + 1]?.backAt ?? Infinity;
        const times = clients.map((c) => (c.resubscribedAt.find((t) => t >= backAt - 1_000 && t < next) ?? Infinity) - backAt).sort((a, b) => a - b);
        return { p50: Math.max(0, times[Math.floor(times.length / 2)]!), max: Math.max(0, times.at(-1)!) };
      });
      const pages = clients.map((c) => c.history.stats.pages);
      const retries = clients.reduce((n, c) => n + c.history.stats.retries, 0);
      for (const client of clients) {
        const ids = client.messages.map((m) => m.id);
        expect(new Set(ids).size, `${client.user.name} holds a message twice`).toBe(ids.length);
        expect(ids, `${client.user.name} differs from the server`).toEqual(serverOrder);
      }
      const reconnects = clients.map((c) => c.reconnects);
      console.log(
        `chaos: ${serverOrder.length} messages, ${clients.length} clients, every one holds all of them once, in order; ` +
          restarts.map((r, i) => `restart ${i + 1} (outage spanned ${r.sentAtBack - r.sentAtKill}+ sends): live again p50 ${offline[i]!.p50} ms, max ${offline[i]!.max} ms`).join("; ") +
          `; re-subscriptions per client ${Math.min(...reconnects)}–${Math.max(...reconnects)}; history pages per client ${Math.min(...pages)}–${Math.max(...pages)}, failed pages retried ${retries}`,
      );
      expect(Math.min(...reconnects), "each client lived through both restarts").toBeGreaterThanOrEqual(2);
      for (const [i, { max }] of offline.entries()) expect(max, `restart ${i + 1}: slowest client back live (ms after the server answered)`).toBeLessThanOrEqual(3_000);
    } finally {
      clients.forEach((c) => c.close());
    }
  });
});
