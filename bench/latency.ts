// npm run bench:latency — 100 signed-in members of one room connected with pusher-js (Node); 1,000
// messages sent through the HTTP API at 20 a second; POST → delivery latency at every member
// (p50/p95/p99/max) and delivered/expected. Everything on this machine: PostgreSQL, the realtime
// server (own process), `next start`, and the clients (this process).
// The app limits each member to 20 messages per 10 s in a room (flood control), so the 20/s are
// sent by 20 members in turn (1/s each) rather than by one. SKIP_BUILD=1 reuses the last build.
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import type PusherClient from "pusher-js";
import { connected, realtimeClientFor, subscribed } from "./lib/clients";
import { machine, percentile, seedRoom, seedUsers } from "./lib/fixtures";
import { hasBuild, startStack } from "../scripts/lib/stack";

const members = Number(process.env.BENCH_MEMBERS ?? 100);
const messages = Number(process.env.BENCH_LATENCY_MESSAGES ?? 1000);
const rate = Number(process.env.BENCH_RATE ?? 20);
const senders = 20;

async function main() {
  const build = process.env.SKIP_BUILD !== "1" || !hasBuild();
  console.log(`▸ starting PostgreSQL, the realtime server and next start${build ? " (after next build)" : ""}…`);
  const stack = await startStack({ build });
  const clients: PusherClient[] = [];
  try {
    const users = await seedUsers(stack.databaseUrl, stack.secret, members);
    const room = await seedRoom(stack.databaseUrl, users);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let delivered = 0;
    let allDelivered: () => void = () => {};
    const done = new Promise<void>((resolve) => (allDelivered = resolve));

    const connectStart = performance.now();
    for (const user of users) clients.push(realtimeClientFor(user, stack));
    await Promise.all(clients.map(connected));
    await Promise.all(
      clients.map(async (client) => {
        const channel = await subscribed(client, room.channels.messages);
        channel.bind("message.created", (message: { clientId: string }) => {
          const t0 = sentAt.get(message.clientId);
          if (t0 === undefined) return; // warm-up
          latencies.push(performance.now() - t0);
          if (++delivered === messages * members) allDelivered();
        });
      }),
    );
    console.log(`▸ ${members} members connected and subscribed in ${(performance.now() - connectStart).toFixed(0)} ms`);

    const post = (sender: (typeof users)[number], clientId: string) =>
      fetch(`${stack.baseUrl}/api/rooms/${room.id}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: sender.cookie },
        body: JSON.stringify({ body: `bench ${clientId}`, clientId }),
      });
    // Warm-up: a few untimed messages (first requests of a fresh process run cold).
    for (let i = 0; i < senders; i++) await post(users[i]!, randomUUID());

    const postTimes: number[] = [];
    let failures = 0;
    const start = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < messages; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const clientId = randomUUID();
      const t0 = performance.now();
      sentAt.set(clientId, t0);
      inflight.push(
        post(users[i % senders]!, clientId).then(
          async (response) => {
            postTimes.push(performance.now() - t0);
            if (response.status !== 201) {
              failures++;
              console.error(`POST ${i} answered ${response.status}: ${await response.text()}`);
            }
          },
          () => void failures++,
        ),
      );
    }
    await Promise.all(inflight);
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10_000))]);

    latencies.sort((a, b) => a - b);
    postTimes.sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(1);
    console.log(`\nbench:latency — ${members} members, ${messages} messages at ${rate}/s, ${machine()}, ${new Date().toISOString()}`);
    console.log("| measure | p50 ms | p95 ms | p99 ms | max ms |");
    console.log("| --- | --- | --- | --- | --- |");
    console.log(`| POST → delivery at every member | ${f(percentile(latencies, 50))} | ${f(percentile(latencies, 95))} | ${f(percentile(latencies, 99))} | ${f(latencies.at(-1) ?? NaN)} |`);
    console.log(`| POST response time | ${f(percentile(postTimes, 50))} | ${f(percentile(postTimes, 95))} | ${f(percentile(postTimes, 99))} | ${f(postTimes.at(-1) ?? NaN)} |`);
    console.log(`delivered ${delivered.toLocaleString("en")} / ${(messages * members).toLocaleString("en")} expected; failed sends: ${failures}`);
    if (delivered !== messages * members || failures > 0) process.exitCode = 1;
  } finally {
    for (const client of clients) client.disconnect();
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
