import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * The app under test is the production build on a free port with a throwaway embedded
 * database. Workers re-read this file, so the port and folder chosen by the first read are
 * passed on through the environment.
 */
process.env.E2E_PORT ??= execFileSync(process.execPath, [
  "-e",
  "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })",
])
  .toString()
  .trim();
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-e2e-"));
// With REDIS_URL in the shell, this run's rate-limit counts stay its own (other runs on the machine send from 127.0.0.1 too).
process.env.RATE_LIMIT_KEY_PREFIX ??= `e2e:limits:${path.basename(process.env.E2E_DATA_DIR)}`;

const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
const debianChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Every page renders per request (the CSP nonce), and a first sign-up pays bcrypt on a 2-core
  // machine that also runs the browser: give a locator up to 10 s to appear, not the default 5.
  expect: { timeout: 10_000 },
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: fs.existsSync(debianChromium) ? debianChromium : undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 900 } } },
    // The phone layout is checked on the reading view; flows run once, on desktop.
    { name: "phone", use: { ...devices["Pixel 7"] }, testMatch: /demo\.spec\.ts/ },
  ],
  webServer: {
    command: "node scripts/ensure-build.mjs && npx tsx server/main.ts",
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      // The browser suite always runs on the embedded default, whatever the shell points at.
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
    },
  },
});
