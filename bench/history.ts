// npm run bench:history — a room with 1,000,000 messages (bulk-inserted in SQL, not one by one);
// GET /api/rooms/{id}/messages for the latest page and for a page 500,000 messages deep (by its
// cursor), through the app (`next start`, real PostgreSQL), with autocannon; prints p50/p99 and the
// query plan of the page query, which must be an index range scan at any depth.
// SKIP_BUILD=1 reuses the last build. BENCH_MESSAGES (default 1,000,000), BENCH_DURATION (s).
import autocannon from "autocannon";
import { machine, seedRoom, seedUsers, withDb } from "./lib/fixtures";
import { hasBuild, startStack } from "../scripts/lib/stack";

const total = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const concurrencies = [1, 4];

async function main() {
  const build = process.env.SKIP_BUILD !== "1" || !hasBuild();
  console.log(`▸ starting PostgreSQL, the realtime server and next start${build ? " (after next build)" : ""}…`);
  // BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the app server.
  const stack = await startStack({ build, appNodeArgs: process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? [] });
  try {
    const users = await seedUsers(stack.databaseUrl, stack.secret, 2);
    const room = await seedRoom(stack.databaseUrl, users);
    const started = Date.now();
    const deep = await withDb(stack.databaseUrl, async (db) => {
      // One statement: a million rows, one a second apart, alternating authors.
      await db.query(
        `INSERT INTO "Message" (id, "roomId", "authorId", body, "clientId", "createdAt")
         SELECT 'm' || lpad(g::text, 9, '0'), $1, CASE WHEN g % 2 = 0 THEN $2 ELSE $3 END,
                'Message number ' || g || ' of the benchmark history', 'c' || g,
                now() - make_interval(secs => $4 - g)
         FROM generate_series(1, $4::int) AS g`,
        [room.id, users[0]!.id, users[1]!.id, total],
      );
      await db.query(`ANALYZE "Message"`);
      const { rows } = await db.query<{ id: string; createdAt: Date }>(
        `SELECT id, "createdAt" FROM "Message" WHERE "roomId" = $1 ORDER BY "createdAt" DESC, id DESC OFFSET $2 LIMIT 1`,
        [room.id, Math.floor(total / 2)],
      );
      return rows[0]!;
    });
    console.log(`▸ inserted ${total.toLocaleString("en")} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // The API's cursor format (lib/messages.ts): base64url of "<ISO time>|<id>".
    const cursor = Buffer.from(`${deep.createdAt.toISOString()}|${deep.id}`).toString("base64url");
    const latestUrl = `${stack.baseUrl}/api/rooms/${room.id}/messages`;
    const deepUrl = `${latestUrl}?before=${cursor}`;
    const headers = { cookie: users[1]!.cookie };
    for (const url of [latestUrl, deepUrl]) {
      const response = await fetch(url, { headers });
      const body = (await response.json()) as { messages: { id: string }[] };
      if (response.status !== 200 || body.messages.length !== 50) throw new Error(`${url} answered ${response.status} with ${body.messages?.length} messages`);
    }

    await autocannon({ url: latestUrl, connections: 4, duration: 2, headers });
    await autocannon({ url: deepUrl, connections: 4, duration: 2, headers });
    const rows = [];
    for (const connections of concurrencies) {
      for (const [label, url] of [
        ["latest page", latestUrl],
        [`page ${Math.floor(total / 2).toLocaleString("en")} messages deep`, deepUrl],
      ] as const) {
        const result = await autocannon({ url, connections, duration, headers });
        if (result.non2xx || result.errors) throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        rows.push(`| ${label} | ${connections} | ${result.requests.total} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${result.latency.max} |`);
      }
    }

    // The statement the page query sends (Prisma's shape for lib/messages.ts listMessages).
    const plan = await withDb(stack.databaseUrl, (db) =>
      db.query(
        `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
         SELECT id, "createdAt" FROM "Message"
         WHERE "roomId" = $1 AND "createdAt" <= $2 AND ("createdAt" < $2 OR ("createdAt" = $2 AND id < $3))
         ORDER BY "createdAt" DESC, id DESC LIMIT 51`,
        [room.id, deep.createdAt, deep.id],
      ),
    );

    console.log(`\nbench:history — ${total.toLocaleString("en")} messages in one room, ${machine()}, ${duration} s per run, ${new Date().toISOString()}`);
    console.log("| page | connections | requests | req/s | p50 ms | p99 ms | max ms |");
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    for (const row of rows) console.log(row);
    console.log("\nQuery plan of the deep page:");
    for (const line of plan.rows) console.log(`  ${line["QUERY PLAN"]}`);
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
