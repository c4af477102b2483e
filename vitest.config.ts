import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      { find: "server-only", replacement: path.join(root, "tests/support/empty.ts") },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts", "realtime/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/support/global-setup.ts"],
    // Push tests send to a local http receiver (tests/support/push-receiver.ts).
    env: { NODE_ENV: "test", NEXT_TELEMETRY_DISABLED: "1", PUSH_ALLOW_INSECURE_ENDPOINTS: "true" },
    // The embedded database (no DATABASE_URL) runs one statement at a time and cannot keep
    // concurrent connections' extended-protocol messages apart, so test files take turns there.
    fileParallelism: Boolean(process.env.DATABASE_URL),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
