// npm run bench:presence — 100 members of one room, already connected, subscribe to its presence
// channel at the same moment (each authorized through /api/pusher/auth); prints the time until
// every client's member list holds all 100, and the distribution per client.
// SKIP_BUILD=1 reuses the last build.
import { performance } from "node:perf_hooks";
import type PusherClient from "pusher-js";
import type { PresenceChannel } from "pusher-js";
import { connected, realtimeClientFor } from "./lib/clients";
import { machine, percentile, seedRoom, seedUsers, type SeededRoom } from "./lib/fixtures";
import { hasBuild, startStack } from "../scripts/lib/stack";

const members = Number(process.env.BENCH_MEMBERS ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

async function round(stack: Awaited<ReturnType<typeof startStack>>, users: Awaited<ReturnType<typeof seedUsers>>, room: SeededRoom) {
  const clients: PusherClient[] = users.map((user) => realtimeClientFor(user, stack));
  try {
    await Promise.all(clients.map(connected));
    const start = performance.now();
    const completeAt = await Promise.all(
      clients.map(
        (client) =>
          new Promise<number>((resolve, reject) => {
            const channel = client.subscribe(room.channels.presence) as PresenceChannel;
            const check = () => {
              if (channel.members.count === users.length) resolve(performance.now() - start);
            };
            channel.bind("pusher:subscription_succeeded", check);
            channel.bind("pusher:member_added", check);
            channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
          }),
      ),
    );
    return completeAt.sort((a, b) => a - b);
  } finally {
    for (const client of clients) client.disconnect();
  }
}

async function main() {
  const build = process.env.SKIP_BUILD !== "1" || !hasBuild();
  console.log(`▸ starting PostgreSQL, the realtime server and next start${build ? " (after next build)" : ""}…`);
  const stack = await startStack({ build });
  try {
    const users = await seedUsers(stack.databaseUrl, stack.secret, members);
    const room = await seedRoom(stack.databaseUrl, users);
    await round(stack, users.slice(0, 10), await seedRoom(stack.databaseUrl, users.slice(0, 10))); // warm-up
    const results = [];
    for (let i = 0; i < rounds; i++) {
      results.push(await round(stack, users, room));
      // Let the server see the last round's members leave before the next round joins.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const f = (n: number) => n.toFixed(0);
    console.log(`\nbench:presence — ${members} members join one presence channel at once, ${rounds} rounds, ${machine()}, ${new Date().toISOString()}`);
    console.log("| round | all lists complete ms | p50 client ms | p99 client ms |");
    console.log("| --- | --- | --- | --- |");
    results.forEach((times, i) => console.log(`| ${i + 1} | ${f(times.at(-1)!)} | ${f(percentile(times, 50))} | ${f(percentile(times, 99))} |`));
    const worst = Math.max(...results.map((t) => t.at(-1)!));
    const median = [...results.map((t) => t.at(-1)!)].sort((a, b) => a - b)[Math.floor(results.length / 2)]!;
    console.log(`complete: median ${f(median)} ms, worst ${f(worst)} ms`);
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
