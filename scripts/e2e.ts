// npm run test:e2e — builds Parley for production, starts it (`next start`) on a free loopback
// port with a fresh database and the built-in realtime server (also on a free port), runs
// Playwright against it in Chromium, and stops everything.
// Extra arguments go to `playwright test`. E2E_SKIP_BUILD=1 reuses the last build.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";
import { pusherEnvFor, startRealtimeServer } from "../realtime/server";
import { buildApp } from "./lib/build";
import { bin, freePort, run, stop, waitForHttp } from "./lib/processes";
import { projectRoot } from "./lib/schema-engine";
import { provisionTestDatabase } from "./lib/test-database";
import { testPushEnv } from "./lib/push-env";

function findBrowser(): string {
  const system = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (fs.existsSync(system)) return system;
  const bundled = chromium.executablePath();
  if (fs.existsSync(bundled)) return bundled;
  throw new Error(
    "No Chromium found for the e2e tests. Install one of:\n" +
      "  Debian/Ubuntu:  sudo apt-get install -y chromium      (found at /usr/bin/chromium)\n" +
      "  any machine:    npx playwright install chromium\n" +
      "or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium/Chrome binary.",
  );
}

async function main(): Promise<number> {
  console.log(`▸ Browser: ${findBrowser()}`);
  const database = await provisionTestDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Presence webhooks go to the app, as in production (last seen).
  const realtime = await startRealtimeServer({ port: 0, logLevel: "warn", secret: randomBytes(16).toString("hex"), webhookUrl: `${baseUrl}/api/pusher/webhooks` });
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.url,
    DATABASE_POOL_MAX: database.embedded ? "1" : "10",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: baseUrl,
    ...pusherEnvFor(realtime),
    ...testPushEnv(),
  };
  const logPath = path.join(projectRoot, "test-results/e2e-server.log");
  fs.mkdirSync(path.dirname(logPath), { recursive: true });
  let server: ReturnType<typeof spawn> | undefined;
  try {
    if (process.env.E2E_SKIP_BUILD !== "1") await buildApp(env);
    const log = fs.openSync(logPath, "w");
    // A keep-alive timeout above the clients' own: the server closing an idle socket just as a client
    // reuses it shows up as a random ECONNRESET (it did, in CI).
    server = spawn(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "75000"], { cwd: projectRoot, env, stdio: ["ignore", log, log] });
    await waitForHttp(`${baseUrl}/login`, { child: server });
    console.log(`▸ Parley at ${baseUrl} (server log: test-results/e2e-server.log)`);
    // Tests also talk to the realtime server directly (pusher-js as a browser would, the SDK as the app does).
    const realtimeForTests = Object.fromEntries(Object.entries(pusherEnvFor(realtime)).map(([k, v]) => [`E2E_${k}`, v]));
    const code = await run(bin("playwright"), ["test", ...process.argv.slice(2)], { env: { ...process.env, E2E_BASE_URL: baseUrl, ...realtimeForTests } });
    if (code !== 0) {
      console.log("\n▸ Last lines of the server log:\n" + fs.readFileSync(logPath, "utf8").split("\n").slice(-40).join("\n"));
    }
    return code;
  } finally {
    if (server) await stop(server);
    await realtime.close();
    await database.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`e2e run failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
