// npm run bench:search — 1,000,000 messages across 200 rooms, the searcher a member of 50 (bulk SQL);
// GET /api/search for a common word, a 1-in-100 word, a rare word and a from: + in: filter, against
// the empty-route floor (GET /api/health: no session, no database) and a small signed-in database
// read (GET /api/mentions), through `next start` with autocannon; prints
// p50/p99 and the EXPLAIN (ANALYZE, BUFFERS) plan of the very statement lib/search.ts runs
// (lib/sql/search.ts). SKIP_BUILD=1 reuses the last build. BENCH_MESSAGES, BENCH_DURATION (s).
import autocannon from "autocannon";
import { machine, seedRoom, seedUsers, withDb } from "./lib/fixtures";
import { hasBuild, startStack } from "../scripts/lib/stack";
import { estimateOf, matchEstimateSql, searchSql, textPlan } from "../lib/sql/search";

const total = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const duration = Number(process.env.BENCH_DURATION ?? 10);
const roomCount = 200;
const memberOf = 50;

async function main() {
  const build = process.env.SKIP_BUILD !== "1" || !hasBuild();
  console.log(`▸ starting the stack${build ? " (after next build)" : ""}…`);
  const stack = await startStack({ build });
  try {
    const users = await seedUsers(stack.databaseUrl, stack.secret, 5);
    const [searcher, author] = users as [(typeof users)[0], (typeof users)[0]];
    const rooms: Awaited<ReturnType<typeof seedRoom>>[] = [];
    for (let i = 0; i < roomCount; i++) rooms.push(await seedRoom(stack.databaseUrl, i < memberOf ? users : users.slice(1), `Bench room ${i + 1}`));
    const started = Date.now();
    await withDb(stack.databaseUrl, async (db) => {
      // Every message has the common word "hello"; one in 100 has "orbit", one in 5,000 "zanzibar",
      // spread over every room (by g / rooms: g itself picks the room); authors rotate.
      await db.query(
        `INSERT INTO "Message" (id, "roomId", "authorId", body, "clientId", "createdAt")
         SELECT 'm' || lpad(g::text, 9, '0'), ($1::text[])[1 + g % $3], ($2::text[])[1 + g % array_length($2::text[], 1)],
                'hello message ' || g || CASE WHEN (g / $3) % 5000 = 7 THEN ' zanzibar' WHEN (g / $3) % 100 = 3 THEN ' in orbit' ELSE ' of the search benchmark' END, 'c' || g,
                now() - make_interval(secs => $4 - g)
         FROM generate_series(1, $4::int) AS g`,
        [rooms.map((r) => r.id), users.map((u) => u.id), roomCount, total],
      );
      await db.query(`ANALYZE "Message"`);
    });
    console.log(`▸ inserted ${total.toLocaleString("en")} messages in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const headers = { cookie: searcher.cookie };
    const cases = [
      ["floor: GET /api/health (empty route)", `${stack.baseUrl}/api/health`],
      ["signed-in read: GET /api/mentions", `${stack.baseUrl}/api/mentions`],
      ["common word (hello)", `${stack.baseUrl}/api/search?q=hello`],
      ["1-in-100 word (orbit)", `${stack.baseUrl}/api/search?q=orbit`],
      ["rare word (zanzibar)", `${stack.baseUrl}/api/search?q=zanzibar`],
      ["from: + in:", `${stack.baseUrl}/api/search?q=${encodeURIComponent(`hello from:"${author.name}" in:"Bench room 7"`)}`],
    ] as const;
    const rows: { label: string; requests: number; p50: number; p99: number }[] = [];
    for (const [label, url] of cases) {
      const check = await fetch(url, { headers });
      if (check.status !== 200) throw new Error(`${label}: ${check.status}`);
      await autocannon({ url, connections: 4, duration: 2, headers });
      const result = await autocannon({ url, connections: 4, duration, headers });
      if (result.non2xx || result.errors) throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      rows.push({ label, requests: result.requests.total, p50: result.latency.p50, p99: result.latency.p99 });
    }

    console.log(`\nbench:search — ${total.toLocaleString("en")} messages, ${roomCount} rooms (member of ${memberOf}), ${machine()}, 4 connections, ${duration} s per run`);
    // The target: every search's p99 within 2x the empty route's.
    const floor = rows[0]!.p99;
    console.log("| request | requests | p50 ms | p99 ms | p99 / empty route's |\n| --- | --- | --- | --- | --- |");
    for (const row of rows) console.log(`| ${row.label} | ${row.requests} | ${row.p50} | ${row.p99} | ${(row.p99 / floor).toFixed(2)}x |`);
    for (const [label, filters] of [
      ["common word", { text: "hello" }],
      ["1-in-100 word", { text: "orbit" }],
      ["rare word", { text: "zanzibar" }],
      ["from: + in:", { text: "hello", from: author.name, inRoom: "Bench room 7" }],
    ] as const) {
      // The path the app picks, as lib/search.ts picks it: from PostgreSQL's estimate of the matches.
      const estimateQuery = matchEstimateSql(filters.text);
      const estimate = estimateOf((await withDb(stack.databaseUrl, (db) => db.query<Parameters<typeof estimateOf>[0] & object>(estimateQuery.text, estimateQuery.values))).rows[0]);
      const path = textPlan(estimate);
      const query = searchSql({ ...filters, userId: searcher.id, cursor: null, limit: 20, plan: path });
      const plan = await withDb(stack.databaseUrl, (db) => db.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.text}`, query.values));
      console.log(`\nPlan (${label}; estimated ${estimate.toLocaleString("en")} matches in all rooms, so the "${path}" path):`);
      for (const line of plan.rows) console.log(`  ${line["QUERY PLAN"]}`);
    }
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
