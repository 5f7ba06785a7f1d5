// Installs dependencies with `npm ci` when node_modules is missing or older than the lockfile,
// so the README's one-line commands work on a fresh clone and stay fast afterwards.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const installed = "node_modules/.package-lock.json";
const stale = !fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync("package-lock.json").mtimeMs;
const generated = fs.existsSync("lib/generated/prisma/client.ts");

if (stale) {
  console.log("Installing dependencies (npm ci) ...");
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
} else if (!generated) {
  const result = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
