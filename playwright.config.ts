import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// `npm run test:e2e` (scripts/e2e.ts) builds Parley, starts it with a fresh database and sets
// E2E_BASE_URL; pointing E2E_BASE_URL at an already running Parley works too.
const baseURL = process.env.E2E_BASE_URL;
if (!baseURL) throw new Error("Run the e2e tests with `npm run test:e2e`: it builds and starts Parley first.");

/** Debian's Chromium where present (this project's CI), else Playwright's own download. */
export const systemChromium =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: systemChromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"] } },
    { name: "mobile", use: { ...devices["Pixel 7"] }, grep: /@mobile/ },
  ],
});
