// Builds the Next.js app when there is no production build or a source file is newer than it,
// so the integration and browser tests never run against a stale build.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "instrumentation.ts", "next.config.js", "package-lock.json", "tsconfig.json"];
const buildId = path.join(".next", "BUILD_ID");

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry, { withFileTypes: true })
    .filter((child) => !child.name.endsWith(".test.ts") && child.name !== "generated")
    .reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child.name))), stat.mtimeMs);
}

const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const changedAt = Math.max(...SOURCES.map(newestMtime));
if (builtAt > changedAt) {
  console.log("Production build is up to date.");
} else {
  console.log(builtAt ? "Sources changed since the last build: building ..." : "No production build yet: building ...");
  const result = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  process.exit(result.status ?? 1);
}
