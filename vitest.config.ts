import os from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { SlowFirstSequencer } from "./test/slow-first-sequencer.ts";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root.replace(/\/$/, "") } },
  test: {
    // Vitest's default is one worker fewer than the cores: a single worker on the 2-core CI
    // machine, idle while a test waits on a server, a child process or PostgreSQL. Two keep
    // both cores busy; more than the cores only adds contention.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "server/**/*.test.ts", "components/**/*.test.ts", "components/**/*.test.tsx"],
          environment: "node",
          // Unit files share their worker's modules instead of importing everything again per
          // file (95 files: 360 s isolated against 127 s shared, measured side by side on a
          // loaded machine). Safe while they leave no global state behind: none stubs globals
          // or the environment, and the one with fake timers restores real ones after each test.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
          environment: "node",
          // PGlite starts a WASM PostgreSQL per test file, and a beforeAll often starts the whole
          // app: allow for a loaded machine (a hook that passes takes no longer for it).
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
