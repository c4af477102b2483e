import path from "node:path";
import { defineConfig } from "vitest/config";

// npm run test:reliability (scripts/reliability.ts builds first): each file starts the whole stack
// (PostgreSQL, the realtime server, next start) and breaks parts of it on purpose.
const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      { find: "server-only", replacement: path.join(root, "tests/support/empty.ts") },
    ],
  },
  test: {
    include: ["reliability/**/*.test.ts"],
    environment: "node",
    env: { NODE_ENV: "test" },
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
