// The whole of Parley as production runs it, on this machine: a real PostgreSQL (the DATABASE_URL
// server, or a throwaway one), the built-in realtime server in its own process, and `next start`
// of a production build. Used by the benchmarks (bench/) and the reliability suite (reliability/),
// which also restart the realtime server and stop the database mid-run.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startPostgresServer, type PostgresServer } from "./postgres-server";
import { buildApp } from "./build";
import { freePort, stop, waitForHttp } from "./processes";
import { projectRoot } from "./schema-engine";
import { provisionTestDatabase } from "./test-database";
import { testPushEnv } from "./push-env";

export interface Stack {
  baseUrl: string;
  databaseUrl: string;
  /** The app's NEXTAUTH_SECRET (benchmarks mint session cookies with it). */
  secret: string;
  /** PUSHER_* as the app sees them (the realtime server as an external host, TLS off). */
  pusherEnv: Record<string, string>;
  /** The throwaway PostgreSQL server, when the stack started one (not with DATABASE_URL). */
  postgres: PostgresServer | null;
  realtime: { kill: () => Promise<void>; start: () => Promise<void> };
  close: () => Promise<void>;
}

export interface StackOptions {
  /** `next build` first; when false, an existing build is reused (it must exist). */
  build: boolean;
  /** Extra environment for `next start`. */
  env?: Record<string, string>;
  /** Extra environment for the realtime server (its REALTIME_* settings). */
  realtimeEnv?: Record<string, string>;
  /** A throwaway PostgreSQL server even when DATABASE_URL is set (tests that stop the database). */
  ownPostgres?: boolean;
  /** Node flags for the app server (e.g. --cpu-prof), which NODE_OPTIONS does not accept. */
  appNodeArgs?: string[];
  /** Where the app and realtime server logs go. */
  logDir?: string;
}

/** True when a production build exists to reuse. */
export const hasBuild = () => fs.existsSync(path.join(projectRoot, ".next/BUILD_ID"));

export async function startStack({ build, env: extraEnv = {}, realtimeEnv = {}, appNodeArgs = [], ownPostgres = false, logDir = path.join(projectRoot, "test-results") }: StackOptions): Promise<Stack> {
  fs.mkdirSync(logDir, { recursive: true });
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    let postgres: PostgresServer | null = null;
    if (ownPostgres || !process.env.DATABASE_URL) {
      postgres = await startPostgresServer();
      cleanups.push(() => postgres!.destroy());
    }
    const previous = process.env.DATABASE_URL;
    if (postgres) process.env.DATABASE_URL = postgres.url;
    const database = await provisionTestDatabase().finally(() => {
      // (Assigning undefined would store the string "undefined" for the next stack to find.)
      if (postgres && previous === undefined) delete process.env.DATABASE_URL;
      else if (postgres) process.env.DATABASE_URL = previous;
    });
    // A throwaway server goes with all its databases; on a shared one, drop ours.
    if (!postgres) cleanups.push(() => database.dispose());

    const realtimePort = await freePort();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const pusherEnv = {
      PUSHER_APP_ID: "parley-stack",
      PUSHER_KEY: `key-${randomBytes(6).toString("hex")}`,
      PUSHER_SECRET: randomBytes(16).toString("hex"),
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: String(realtimePort),
      PUSHER_USE_TLS: "false",
    };
    let realtimeChild: ChildProcess | null = null;
    const realtimeLog = fs.openSync(path.join(logDir, "stack-realtime.log"), "a");
    const startRealtime = async () => {
      // Node itself with tsx's loader, not the tsx CLI: the CLI runs the server in a grandchild
      // that would outlive a SIGKILL of its parent.
      realtimeChild = spawn(process.execPath, ["--import", "tsx", "realtime/main.ts"], {
        cwd: projectRoot,
        // Presence webhooks go to the app, as in production (last seen).
        env: { ...process.env, ...pusherEnv, REALTIME_PORT: String(realtimePort), REALTIME_LOG: "warn", REALTIME_WEBHOOK_URL: `${baseUrl}/api/pusher/webhooks`, ...realtimeEnv },
        stdio: ["ignore", realtimeLog, realtimeLog],
      });
      await waitForHttp(`http://127.0.0.1:${realtimePort}/health`, { child: realtimeChild, timeoutMs: 30_000 });
    };
    const killRealtime = async () => {
      if (!realtimeChild) return;
      const child = realtimeChild;
      realtimeChild = null;
      // SIGKILL: a crash, not a graceful shutdown (no 4200 close frames).
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      });
    };
    await startRealtime();
    cleanups.push(killRealtime);

    const secret = randomBytes(32).toString("base64");
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: database.url,
      DATABASE_POOL_MAX: "10",
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: baseUrl,
      ...pusherEnv,
      ...testPushEnv(),
      ...extraEnv,
    };
    if (build) {
      await buildApp(env);
    } else if (!hasBuild()) {
      throw new Error("No production build to reuse (.next/BUILD_ID). Run without SKIP_BUILD=1 once.");
    }
    const appLog = fs.openSync(path.join(logDir, "stack-app.log"), "a");
    const nextCli = path.join(projectRoot, "node_modules/next/dist/bin/next");
    const server = spawn(process.execPath, [...appNodeArgs, nextCli, "start", "-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "75000"], { cwd: projectRoot, env, stdio: ["ignore", appLog, appLog] });
    cleanups.push(() => stop(server));
    await waitForHttp(`${baseUrl}/login`, { child: server });

    return { baseUrl, databaseUrl: database.url, secret, pusherEnv, postgres, realtime: { kill: killRealtime, start: startRealtime }, close };
  } catch (error) {
    await close();
    throw error;
  }
}
