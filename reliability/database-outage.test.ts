import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../bench/lib/fixtures";
import { api, eventually, seedRoom, seedUsers, start, type Stack } from "./support";

// PostgreSQL stopped mid-run (immediate shutdown, like a crash): requests fail fast with 503 and a
// clear message, nothing is half-written, and the app recovers by itself when it returns.

let stack: Stack;
beforeAll(async () => {
  stack = await start({ ownPostgres: true });
});
afterAll(async () => {
  await stack?.close();
});

describe("database outage", () => {
  it("answers 503 quickly while PostgreSQL is down, and works again once it is back, without a restart", async () => {
    const [alice] = await seedUsers(stack.databaseUrl, stack.secret, 2, "outage");
    const room = await seedRoom(stack.databaseUrl, [alice!]);
    const send = (clientId: string, body: string) => api(stack, alice!, `/api/rooms/${room.id}/messages`, { method: "POST", body: JSON.stringify({ body, clientId }) });

    expect((await send(randomUUID(), "before the outage")).status).toBe(201);

    stack.postgres!.stop("immediate");
    try {
      const clientId = randomUUID();
      for (const [label, request] of [
        ["send", () => send(clientId, "during the outage")],
        ["history", () => api(stack, alice!, `/api/rooms/${room.id}/messages`)],
        ["channel auth", () => api(stack, alice!, "/api/pusher/auth", { method: "POST", body: JSON.stringify({ socket_id: "1.2", channel_name: room.channels.messages }) })],
      ] as const) {
        const started = Date.now();
        const response = await request();
        const elapsed = Date.now() - started;
        expect(response.status, `${label}: ${response.text}`).toBe(503);
        expect(response.body, label).toEqual({ error: { code: "unavailable", message: "The database is unavailable right now. Please try again in a moment." } });
        expect(response.text, label).not.toMatch(/ECONN|prisma|at .*\(|stack/i);
        // Fail fast: a refused connection, not a hung request.
        expect(elapsed, `${label} took ${elapsed} ms`).toBeLessThan(5_000);
      }

      stack.postgres!.start();
      // The same send (same clientId) goes through once the database is back: the app reconnects by itself.
      await eventually(async () => (await send(clientId, "during the outage")).status === 201, 30_000, "the app to recover");
      // A retry now finds the first write and does not duplicate it.
      expect((await send(clientId, "during the outage")).status).toBe(200);
    } finally {
      try {
        stack.postgres!.start();
      } catch {
        // already running
      }
    }

    const rows = await withDb(stack.databaseUrl, (db) => db.query<{ body: string }>(`SELECT body FROM "Message" WHERE "roomId" = $1 ORDER BY "createdAt"`, [room.id]));
    expect(rows.rows.map((r) => r.body)).toEqual(["before the outage", "during the outage"]);
  });
});
