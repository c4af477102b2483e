// npm run bench:auth — load on POST /api/pusher/auth of a production build (`next start`) with a
// real PostgreSQL, using autocannon:
//   1. single: a member authorizing a room's private and presence channels (alternately), the way
//      pusher-js does by default;
//   2. batch: the JSON form with 50 channels (25 rooms × private + presence).
// Users are spread so that no one hits the per-user limit (300 a minute): this measures the gate,
// not the limiter's refusals. SKIP_BUILD=1 reuses the last build. BENCH_DURATION (s), BENCH_CONNECTIONS.
import autocannon from "autocannon";
import { machine, seedRoom, seedUsers } from "./lib/fixtures";
import { hasBuild, startStack } from "../scripts/lib/stack";

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

interface Result {
  mode: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, url: string, conns: number, seconds: number, bodies: { body: string; cookie: string; type: string }[]): Promise<Result> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: conns,
    duration: seconds,
    method: "POST",
    requests: [
      {
        setupRequest: (request) => {
          const pick = bodies[next++ % bodies.length]!;
          return { ...request, method: "POST", body: pick.body, headers: { ...request.headers, "content-type": pick.type, cookie: pick.cookie } };
        },
      },
    ],
  });
  return {
    mode: name,
    connections: conns,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function main() {
  const build = process.env.SKIP_BUILD !== "1" || !hasBuild();
  console.log(`▸ starting PostgreSQL, the realtime server and next start${build ? " (after next build)" : ""}…`);
  // BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the app server.
  const stack = await startStack({ build, appNodeArgs: process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? [] });
  try {
    // Enough users that none reaches 300 requests a minute at the expected rate.
    const users = await seedUsers(stack.databaseUrl, stack.secret, 300);
    const room = await seedRoom(stack.databaseUrl, users);
    const batchRooms = [];
    for (let i = 0; i < 25; i++) batchRooms.push(await seedRoom(stack.databaseUrl, users, `Batch room ${i + 1}`));
    const url = `${stack.baseUrl}/api/pusher/auth`;

    const single = users.flatMap((user, i) =>
      [room.channels.messages, room.channels.presence].map((channel, j) => ({
        cookie: user.cookie,
        type: "application/x-www-form-urlencoded",
        body: new URLSearchParams({ socket_id: `${1000 + i}.${2000 + j}`, channel_name: channel }).toString(),
      })),
    );
    const batchChannels = batchRooms.flatMap((r) => [r.channels.messages, r.channels.presence]);
    const batch = users.map((user, i) => ({ cookie: user.cookie, type: "application/json", body: JSON.stringify({ socket_id: `${3000 + i}.1`, channel_names: batchChannels }) }));

    // Check the answers once before timing anything: a benchmark of refusals would be meaningless.
    for (const [label, sample, check] of [
      ["single", single[0]!, (b: Record<string, unknown>) => typeof b.auth === "string"],
      ["batch", batch[0]!, (b: Record<string, unknown>) => Object.values(b.channels as Record<string, { status: number }>).every((c) => c.status === 200) && Object.keys(b.channels as object).length === 50],
    ] as const) {
      const response = await fetch(url, { method: "POST", headers: { "content-type": sample.type, cookie: sample.cookie }, body: sample.body });
      const body = (await response.json()) as Record<string, unknown>;
      if (response.status !== 200 || !check(body)) throw new Error(`${label} sample answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    }

    console.log("▸ warm-up (3 s, untimed)");
    await load("warm-up", url, connections, 3, single.slice(0, 100));
    const results: Result[] = [];
    results.push(await load("single channel (private/presence)", url, connections, duration, single));
    results.push(await load("single channel, light load", url, 2, duration, single.slice(300)));
    results.push(await load("batch of 50 channels", url, 4, duration, batch.slice(100)));

    console.log(`\nbench:auth — ${machine()}, ${duration} s per run, ${new Date().toISOString()}`);
    console.log("| mode | connections | requests | req/s | p50 ms | p99 ms | max ms | non-2xx | errors |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const r of results) {
      console.log(`| ${r.mode} | ${r.connections} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.max} | ${r.non2xx} | ${r.errors} |`);
    }
    if (results.some((r) => r.non2xx > 0 || r.errors > 0)) {
      console.error("Some requests failed: the figures above are not valid.");
      process.exitCode = 1;
    }
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
