// npm run dev — Parley with zero setup. Without DATABASE_URL it runs an embedded PostgreSQL
// (PGlite, data in .data/pglite so it survives restarts), migrates and seeds it; with DATABASE_URL
// it migrates that database and uses it. Without PUSHER_HOST it starts the built-in realtime
// server (realtime/) on 127.0.0.1:6001. Then `next dev`. Ctrl-C stops everything.
import path from "node:path";
import { spawn } from "node:child_process";
import { optionsFromEnv } from "../realtime/config";
import { pusherEnvFor, startRealtimeServer } from "../realtime/server";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./lib/embedded-postgres";
import { bin, run, stop } from "./lib/processes";
import { applyMigrations, projectRoot } from "./lib/schema-engine";
import { demoPassword, demoUsers } from "./seed";

async function main(): Promise<void> {
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = path.join(projectRoot, ".data/pglite");
    embedded = await startEmbeddedPostgres({ dataDir, port: Number(process.env.PARLEY_DB_PORT ?? 54329) });
    databaseUrl = embedded.url;
    console.log(`▸ Embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in .data/pglite)`);
  } else {
    console.log("▸ Using the database in DATABASE_URL");
  }
  const shutdownDatabase = async () => embedded?.stop();

  try {
    const applied = await applyMigrations({ databaseUrl });
    console.log(applied.length ? `▸ Applied migrations: ${applied.join(", ")}` : "▸ Database schema is up to date");
    if (embedded) {
      const seeded = await run(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts"], {
        env: { ...process.env, DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: "1" },
        stdio: ["ignore", "ignore", "inherit"],
      });
      if (seeded !== 0) throw new Error("seeding the demo data failed");
      console.log(`▸ Demo accounts: ${demoUsers.map((u) => u.email).join(", ")} — password: ${demoPassword}`);
    }
  } catch (error) {
    await shutdownDatabase();
    throw error;
  }

  // The built-in Pusher-protocol server, unless the env points the app at hosted Pusher or soketi.
  // Its presence webhooks go to the app (last seen), unless REALTIME_WEBHOOK_URL says elsewhere.
  const appPort = appPortFrom(process.argv.slice(2));
  const realtimeOptions = { webhookUrl: `http://localhost:${appPort}/api/pusher/webhooks`, ...optionsFromEnv(process.env) };
  const realtime = process.env.PUSHER_HOST || process.env.PUSHER_CLUSTER ? undefined : await startRealtimeServer(realtimeOptions).catch(async (error: unknown) => {
    await shutdownDatabase();
    throw new Error(`the realtime server could not start (${error instanceof Error ? error.message : String(error)}); is port ${process.env.REALTIME_PORT ?? 6001} in use?`);
  });
  if (realtime) console.log(`▸ Realtime server (Pusher protocol) on ws://127.0.0.1:${realtime.port}`);

  const next = spawn(bin("next"), ["dev", ...process.argv.slice(2)], {
    cwd: projectRoot,
    stdio: "inherit",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: `http://localhost:${appPort}`,
      ...process.env,
      DATABASE_URL: databaseUrl,
      // PGlite executes one statement at a time: a bigger pool would only queue inside it.
      ...(embedded && { DATABASE_POOL_MAX: "1" }),
      ...(realtime && pusherEnvFor(realtime)),
    },
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stop(next);
    await realtime?.close();
    await shutdownDatabase();
    console.log("▸ Parley stopped.");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  next.on("exit", (code) => void shutdown(code ?? 0));
}

/** The port `next dev` will listen on: its -p/--port argument, else PORT, else 3000. */
function appPortFrom(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if ((arg === "-p" || arg === "--port") && args[i + 1]) return args[i + 1]!;
    const inline = /^(?:-p|--port)=(\d+)$/.exec(arg);
    if (inline) return inline[1]!;
  }
  return process.env.PORT ?? "3000";
}

main().catch((error: unknown) => {
  console.error(`npm run dev failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
