import { execFileSync } from "node:child_process";

/** Integration tests start the real server, which serves the production build. */
export default function setup(): void {
  execFileSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" });
}
