import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * `npm run test:faults`: the fault tests of the default suite (test/integration/faults-*.test.ts)
 * in their full mode: a long SIGKILL loop on each storage path, 30-second outages of PostgreSQL
 * and Redis, a full disk. One code path; FAULTS_FULL only changes the sizes (test/faults/mode.ts).
 */
export default defineConfig({
  resolve: { alias: { "@": root.replace(/\/$/, "") } },
  test: {
    include: ["test/integration/faults-*.test.ts"],
    // The full-disk test starts the real server, which serves the production build.
    globalSetup: ["test/integration/global-setup.ts"],
    environment: "node",
    env: { FAULTS_FULL: "1" },
    // The files mostly wait (on restarts, outages, a filling disk): run them side by side.
    maxWorkers: 3,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
