// npm run bench:realtime [-- latency|saturation|all] [--n 500 --rate 50 --messages 200] [--seconds 10]
// BENCH_DEBUG=1 also prints the worst latency of every message.
//
// Starts the built-in realtime server in its own process on a free loopback port, connects raw
// WebSocket subscribers from this process, triggers with the unmodified `pusher` SDK, and prints
// the figures. Every run is bounded in count and time and stops by itself.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import os from "node:os";
import Pusher from "pusher";
import WebSocket from "ws";
import { channelAuth } from "../realtime/crypto";
import { freePort, stop, waitForHttp } from "../scripts/lib/processes";

const app = { appId: "bench", key: "bench-key", secret: "bench-secret" };
const channel = "private-bench";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function startServer() {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server side. The raw
  // subscribers measure fan-out and never sign in, so the sign-in deadline is off here.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "realtime/main.ts"], {
    env: { ...process.env, REALTIME_PORT: String(port), REALTIME_LOG: "warn", REALTIME_USER_AUTH_TIMEOUT: "0", PUSHER_APP_ID: app.appId, PUSHER_KEY: app.key, PUSHER_SECRET: app.secret },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForHttp(`http://127.0.0.1:${port}/health`, { child, timeoutMs: 30_000 });
  return { port, child };
}

/** N raw WebSocket clients subscribed to one private channel; calls onMessage for every event frame. */
async function connectSubscribers(port: number, n: number, onMessage: (text: string) => void) {
  const sockets: WebSocket[] = [];
  const started = performance.now();
  const batch = 50;
  for (let i = 0; i < n; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, () =>
        new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${app.key}?protocol=7&client=bench&version=1.0`, { perMessageDeflate: false });
          sockets.push(ws);
          const timer = setTimeout(() => reject(new Error("subscribe timed out")), 20_000);
          ws.on("error", reject);
          ws.on("message", (raw: Buffer) => {
            const text = raw.toString();
            if (text.includes('"pusher:connection_established"')) {
              const socketId = /socket_id\\":\\"([\d.]+)/.exec(text)![1]!;
              ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth: channelAuth(app.key, app.secret, socketId, channel) } }));
            } else if (text.includes('"pusher_internal:subscription_succeeded"')) {
              clearTimeout(timer);
              resolve();
            } else {
              onMessage(text);
            }
          });
        }),
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  return { sockets, seconds };
}

function closeAll(sockets: WebSocket[]) {
  for (const ws of sockets) ws.terminate();
}

async function latency(n: number, rate: number, messages: number) {
  const { port, child } = await startServer();
  const sdk = new Pusher({ ...app, host: "127.0.0.1", port: String(port), useTLS: false });
  const sentAt = new Float64Array(messages);
  const latencies: number[] = [];
  const worstBySeq = new Float64Array(messages);
  let delivered = 0;
  const seqPattern = /seq\\":(\d+)/;
  try {
    let warmDelivered = 0;
    const { sockets, seconds } = await connectSubscribers(port, n, (text) => {
      if (text.includes('"warmup"')) {
        warmDelivered++;
        return;
      }
      const seq = Number(seqPattern.exec(text)?.[1]);
      const ms = performance.now() - sentAt[seq]!;
      latencies.push(ms);
      if (ms > worstBySeq[seq]!) worstBySeq[seq] = ms;
      delivered++;
    });
    // One second of untimed triggers first: the first few events of a fresh process run cold
    // (JIT, lazy allocation) on both ends and would otherwise decide the p99 of a short run.
    const warmup = rate;
    for (let i = 0; i < warmup; i++) {
      await sdk.trigger(channel, "warmup", { i });
      await new Promise((r) => setTimeout(r, 1000 / rate));
    }
    const warmDeadline = performance.now() + 10_000;
    while (warmDelivered < warmup * n && performance.now() < warmDeadline) await new Promise((r) => setTimeout(r, 20));
    const expected = n * messages;
    const start = performance.now();
    const failures: unknown[] = [];
    for (let seq = 0; seq < messages; seq++) {
      const due = start + (seq * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sentAt[seq] = performance.now();
      sdk.trigger(channel, "tick", { seq, pad: "x".repeat(64) }).catch((e: unknown) => failures.push(e));
    }
    const deadline = performance.now() + 10_000;
    while (delivered < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    latencies.sort((a, b) => a - b);
    const f = (v: number) => v.toFixed(1);
    console.log(
      `latency N=${n} R=${rate}/s M=${messages} (after ${warmup} warm-up triggers): connect+subscribe ${f(n / seconds)}/s (${seconds.toFixed(2)} s); ` +
        `delivered ${delivered}/${expected}; trigger->delivery ms p50 ${f(percentile(latencies, 50))} p95 ${f(percentile(latencies, 95))} ` +
        `p99 ${f(percentile(latencies, 99))} max ${f(latencies.at(-1) ?? NaN)}${failures.length ? `; ${failures.length} trigger errors` : ""}`,
    );
    if (process.env.BENCH_DEBUG) console.log("worst per message (ms):", Array.from(worstBySeq, (v) => Math.round(v)).join(" "));
    closeAll(sockets);
    return delivered === expected && failures.length === 0;
  } finally {
    await stop(child);
  }
}

async function saturation(n: number, seconds: number, concurrency = 4) {
  const { port, child } = await startServer();
  const sdk = new Pusher({ ...app, host: "127.0.0.1", port: String(port), useTLS: false });
  let delivered = 0;
  let warmDelivered = 0;
  try {
    const { sockets } = await connectSubscribers(port, n, () => {
      delivered++;
    });
    const payload = { text: "y".repeat(90) };
    const batch = Array.from({ length: 10 }, (_, i) => ({ channel, name: "burst", data: { ...payload, i } }));
    let batchesSent = 0;
    let errors = 0;
    const started = performance.now();
    const stopAt = started + seconds * 1000;
    let warmAt = 0;
    const warmup = setTimeout(() => {
      warmDelivered = delivered;
      warmAt = performance.now();
    }, 2_000);
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < stopAt) {
          try {
            await sdk.triggerBatch(batch);
            batchesSent++;
          } catch {
            errors++;
          }
        }
      }),
    );
    clearTimeout(warmup);
    const steadyRate = (delivered - warmDelivered) / ((performance.now() - warmAt) / 1000);
    const expected = batchesSent * 10 * n;
    const deadline = performance.now() + 20_000;
    let last = -1;
    while (delivered < expected && performance.now() < deadline && delivered !== last) {
      last = delivered;
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(
      `saturation N=${n}, ${concurrency}x batch_events of 10 (~100 B) for ${seconds} s: ${Math.round(steadyRate).toLocaleString("en")} deliveries/s steady state ` +
        `(after 2 s warm-up); ${batchesSent * 10} events triggered; delivered ${delivered}/${expected} after draining${errors ? `; ${errors} trigger errors` : ""}`,
    );
    closeAll(sockets);
    return delivered === expected && errors === 0;
  } finally {
    await stop(child);
  }
}

async function main() {
  const mode = process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : "all";
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  let ok = true;
  if (mode === "latency" || mode === "all") {
    if (process.argv.includes("--n")) ok = (await latency(arg("n", 500), arg("rate", 50), arg("messages", 200))) && ok;
    else {
      ok = (await latency(500, 50, 200)) && ok;
      ok = (await latency(1000, 20, 100)) && ok;
    }
  }
  if (mode === "saturation" || mode === "all") ok = (await saturation(arg("n", 500), arg("seconds", 10))) && ok;
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
