// npm run test:reliability — builds Parley for production (plus the secrets check), then runs the
// reliability suite (reliability/*.test.ts): realtime server killed mid-run, database stopped
// mid-run, thousands of malformed requests. SKIP_BUILD=1 reuses the last build (npm test does,
// right after the e2e step built it). Extra arguments go to vitest.
import { buildApp } from "./lib/build";
import { bin, run } from "./lib/processes";
import { hasBuild } from "./lib/stack";

async function main(): Promise<number> {
  if (process.env.SKIP_BUILD !== "1" || !hasBuild()) await buildApp({ ...process.env, PUSHER_APP_ID: "build", PUSHER_KEY: "build", PUSHER_HOST: "127.0.0.1", NEXTAUTH_URL: "http://127.0.0.1:3000" });
  return run(bin("vitest"), ["run", "--config", "vitest.reliability.config.ts", ...process.argv.slice(2)]);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`reliability run failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
