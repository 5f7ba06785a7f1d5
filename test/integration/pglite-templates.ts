import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";

/**
 * Two closed PGlite data folders made once per run: `empty` right after PostgreSQL's initdb,
 * `migrated` with the project's migrations applied as well. A test's fresh storage is a copy
 * of one of them: byte for byte what PGlite would have made, without paying for initdb (tens
 * of seconds of WASM work on a loaded 2-core machine) in every file.
 */
export type PgliteTemplates = { root: string; empty: string; migrated: string };

export async function createPgliteTemplates(): Promise<PgliteTemplates> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-templates-"));
  const templates = { root, empty: path.join(root, "empty"), migrated: path.join(root, "migrated") };
  await (await openDatabase({ databaseUrl: undefined, dataDir: templates.empty })).close();
  fs.cpSync(templates.empty, templates.migrated, { recursive: true });
  const database = await openDatabase({ databaseUrl: undefined, dataDir: templates.migrated });
  try {
    await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
  } finally {
    await database.close();
  }
  return templates;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Absent when a config runs these files without test/integration/global-setup.ts. */
    pgliteTemplates?: PgliteTemplates;
  }
}
