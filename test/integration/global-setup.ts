import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { createPgliteTemplates } from "./pglite-templates.ts";

/**
 * Integration tests start the real server, which serves the production build; their fresh
 * embedded databases are copies of folders initialised once here (see pglite-templates.ts).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  execFileSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" });
  const templates = await createPgliteTemplates();
  project.provide("pgliteTemplates", templates);
  return () => fs.rmSync(templates.root, { recursive: true, force: true });
}
