import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "lib/generated/**", "next-env.d.ts", ".data/**", "test-results/**", "playwright-report/**"]),
  {
    rules: {
      // Env is read in lib/env.ts only; everything else imports the validated `env`.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Import { env } from '@/lib/env' instead." },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Tooling, tests and the env module itself run outside the app and read process.env directly.
    files: ["lib/env.ts", "realtime/main.ts", "realtime/tests/**", "bench/**", "scripts/**", "e2e/**", "tests/**", "**/*.test.ts", "*.config.ts", "*.config.mjs"],
    rules: { "no-restricted-properties": "off" },
  },
]);
