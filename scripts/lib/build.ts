// `next build` for production, followed by the secrets check: the build gets distinctive values
// for every secret (session secret, Pusher secret, encryption master key, database password, VAPID
// private key), and
// none of them may appear in any file under .next/static — what browsers download.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import webpush from "web-push";
import { bin, run } from "./processes";
import { projectRoot } from "./schema-engine";

/** Files under `dir` that contain any of the `secrets` values, with the variable they leak. */
export function findSecrets(dir: string, secrets: Record<string, string>): { file: string; name: string }[] {
  const leaks: { file: string; name: string }[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const content = fs.readFileSync(full, "latin1");
        for (const [name, value] of Object.entries(secrets)) if (content.includes(value)) leaks.push({ file: path.relative(dir, full), name });
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return leaks;
}

const countFiles = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0);

/** Builds with `env` (production), secrets replaced by marked random values, then checks .next/static. */
export async function buildApp(env: NodeJS.ProcessEnv): Promise<void> {
  const secrets = {
    NEXTAUTH_SECRET: `nas-${randomBytes(24).toString("hex")}`,
    PUSHER_SECRET: `ps-${randomBytes(16).toString("hex")}`,
    PUSHER_ENCRYPTION_MASTER_KEY: randomBytes(32).toString("base64"),
    "DATABASE_URL password": `dbpw${randomBytes(12).toString("hex")}`,
    VAPID_PRIVATE_KEY: randomBytes(32).toString("base64url"),
  };
  // The server reads every one of these at run time; the build only has to not leak them.
  const buildEnv: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
    PUSHER_SECRET: secrets.PUSHER_SECRET,
    PUSHER_ENCRYPTION_MASTER_KEY: secrets.PUSHER_ENCRYPTION_MASTER_KEY,
    // All three or none (lib/env.ts): a public key and subject to go with the marked private key.
    VAPID_PRIVATE_KEY: secrets.VAPID_PRIVATE_KEY,
    VAPID_PUBLIC_KEY: env.VAPID_PUBLIC_KEY ?? webpush.generateVAPIDKeys().publicKey,
    VAPID_SUBJECT: env.VAPID_SUBJECT ?? "mailto:build@example.invalid",
    DATABASE_URL: `postgresql://parley:${secrets["DATABASE_URL password"]}@127.0.0.1:5432/parley`,
  };
  console.log("▸ next build");
  if ((await run(bin("next"), ["build"], { env: buildEnv })) !== 0) throw new Error("next build failed");
  const staticDir = path.join(projectRoot, ".next/static");
  const leaks = findSecrets(staticDir, secrets);
  if (leaks.length > 0) {
    throw new Error(`Secrets reached the browser bundles:\n${leaks.map((l) => `  ${l.name} in .next/static/${l.file}`).join("\n")}`);
  }
  console.log(`▸ secrets: none of ${Object.keys(secrets).length} secret values appear in .next/static (${countFiles(staticDir)} files)`);
}
