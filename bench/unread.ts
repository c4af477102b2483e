// npm run bench:unread — the sidebar's unread and mention counts for a person in 200 rooms
// (BENCH_ROOMS), each with 1,000 messages (BENCH_MESSAGES_PER_ROOM), read to different depths:
// never, fully, 5 messages behind, 500 behind. Prints the plan of the one statement that counts
// them (lib/sql/sidebar.ts, the same builder the app runs), its time in PostgreSQL, and
// GET /api/rooms through the app (`next start`) with autocannon. SKIP_BUILD=1 reuses the last build.
import autocannon from "autocannon";
import { machine, percentile, seedRoom, seedUsers, withDb, type SeededRoom } from "./lib/fixtures";
import { hasBuild, startStack } from "../scripts/lib/stack";
import { sidebarQuery } from "../lib/sql/sidebar";

const roomCount = Number(process.env.BENCH_ROOMS ?? 200);
const perRoom = Number(process.env.BENCH_MESSAGES_PER_ROOM ?? 1_000);
const duration = Number(process.env.BENCH_DURATION ?? 10);

async function main() {
  const build = process.env.SKIP_BUILD !== "1" || !hasBuild();
  console.log(`▸ starting PostgreSQL, the realtime server and next start${build ? " (after next build)" : ""}…`);
  const stack = await startStack({ build });
  try {
    const [reader, writer] = await seedUsers(stack.databaseUrl, stack.secret, 2);
    const rooms: SeededRoom[] = [];
    for (let i = 0; i < roomCount; i += 20) {
      rooms.push(...(await Promise.all(Array.from({ length: Math.min(20, roomCount - i) }, (_, j) => seedRoom(stack.databaseUrl, [writer!, reader!], `Bench ${i + j}`)))));
    }
    const started = Date.now();
    await withDb(stack.databaseUrl, async (db) => {
      const ids = rooms.map((r) => r.id);
      await db.query(`UPDATE "Membership" SET "joinedAt" = now() - interval '30 days' WHERE "roomId" = ANY($1)`, [ids]);
      // Every room's history in one statement: a message a second, the latest ending now; one in ten mentions the reader.
      await db.query(
        `INSERT INTO "Message" (id, "roomId", "authorId", body, "clientId", "createdAt")
         SELECT 'm' || r.o || '-' || lpad(g::text, 7, '0'), r.id, $2, 'Message ' || g, 'c' || r.o || '-' || g, now() - make_interval(secs => $3 - g)
         FROM unnest($1::text[]) WITH ORDINALITY AS r(id, o), generate_series(1, $3::int) AS g`,
        [ids, writer!.id, perRoom],
      );
      await db.query(
        `INSERT INTO "Mention" ("messageId", "userId", "roomId", "createdAt") SELECT id, $2, "roomId", "createdAt" FROM "Message" WHERE "roomId" = ANY($1) AND right(id, 1) = '0'`,
        [ids, reader!.id],
      );
      // Read positions: a quarter never read, a quarter read to the end, a quarter 5 behind, a quarter 500 behind.
      await db.query(
        `UPDATE "Membership" m SET "lastReadAt" = x."createdAt", "lastReadId" = x.id
         FROM (SELECT r.id AS "roomId", r.o, msg.id, msg."createdAt" FROM unnest($1::text[]) WITH ORDINALITY AS r(id, o)
               JOIN LATERAL (SELECT id, "createdAt" FROM "Message" WHERE "roomId" = r.id ORDER BY "createdAt" DESC, id DESC
                             OFFSET (CASE r.o % 4 WHEN 1 THEN 0 WHEN 2 THEN 5 ELSE 500 END) LIMIT 1) msg ON true
               WHERE r.o % 4 <> 0) x
         WHERE m."roomId" = x."roomId" AND m."userId" = $2`,
        [ids, reader!.id],
      );
      await db.query(`ANALYZE`);
    });
    console.log(`▸ seeded ${roomCount} rooms × ${perRoom.toLocaleString("en")} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const query = sidebarQuery(reader!.id);
    const { plan, times, counts } = await withDb(stack.databaseUrl, async (db) => {
      const explained = await db.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.text}`, query.values);
      const times: number[] = [];
      let counts = { rooms: 0, unread: 0, mentions: 0 };
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        const { rows } = await db.query<{ unread: number; mentions: number }>(query.text, query.values);
        times.push(performance.now() - t0);
        counts = { rooms: rows.length, unread: rows.reduce((n, r) => n + r.unread, 0), mentions: rows.reduce((n, r) => n + r.mentions, 0) };
      }
      return { plan: explained.rows.map((r) => r["QUERY PLAN"]), times: times.sort((a, b) => a - b), counts };
    });
    if (plan.some((line) => /Seq Scan on "?Message"?|Seq Scan on "?Mention"?/.test(line))) throw new Error(`the counts scan a whole table:\n${plan.join("\n")}`);
    console.log(`▸ the statement's plan (EXPLAIN ANALYZE, BUFFERS):\n${plan.map((l) => `    ${l}`).join("\n")}`);
    console.log(`▸ ${counts.rooms} rooms, ${counts.unread} unread, ${counts.mentions} mentions (each count capped at 100)`);
    console.log(`▸ statement in PostgreSQL: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms (30 runs)`);

    const url = `${stack.baseUrl}/api/rooms`;
    const headers = { cookie: reader!.cookie };
    const check = await fetch(url, { headers });
    const body = (await check.json()) as { rooms: unknown[] };
    if (check.status !== 200 || body.rooms.length !== roomCount) throw new Error(`GET /api/rooms answered ${check.status} with ${body.rooms?.length} rooms`);
    await autocannon({ url, connections: 2, duration: 2, headers });
    for (const connections of [1, 4]) {
      const result = await autocannon({ url, connections, duration, headers });
      console.log(`▸ GET /api/rooms (${roomCount} rooms), ${connections} connection(s): p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.requests.average.toFixed(0)} req/s, non-2xx ${result.non2xx}`);
    }
    console.log(`▸ machine: ${machine()}`);
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
