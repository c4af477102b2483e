// npm test — every check, in order, stopping at the first failure: lint, typecheck,
// unit + integration tests (fresh database), e2e in Chromium (production build, fresh database),
// then the reliability suite on that same build (realtime server and database killed mid-run, fuzzing).
// With DATABASE_URL (a local PostgreSQL server) the tests create throwaway databases on it;
// without one they run on an embedded in-memory PostgreSQL.
import { run } from "./lib/processes";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const steps = ["lint", "typecheck", "test:unit", "test:e2e", "test:reliability"];

async function main(): Promise<number> {
  const timings: string[] = [];
  for (const step of steps) {
    console.log(`\n━━ npm run ${step}`);
    const started = Date.now();
    // The reliability suite reuses the production build the e2e step just made.
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...(step === "test:reliability" && { SKIP_BUILD: "1" }) };
    const code = await run(npm, ["run", "--silent", step], { env });
    timings.push(`${step} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code !== 0) {
      console.error(`\n✗ npm test failed at "${step}" (exit ${code}). Passed before it: ${timings.slice(0, -1).join(", ") || "none"}`);
      return code;
    }
  }
  console.log(`\n✓ All checks passed: ${timings.join(", ")}`);
  return 0;
}

main().then((code) => process.exit(code));
