import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlExecutor } from "./sql.ts";

export type Migration = { name: string; file: string; sql: string; checksum: string };

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Any fixed number: both PostgreSQL and PGlite serialize runners on this advisory lock. */
const MIGRATION_LOCK_KEY = 727_001;

/** The ledger of applied migrations; a backup recreates it before replaying the migrations it lists. */
export const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS "_marginalia_migrations" (
  "name" TEXT PRIMARY KEY,
  "checksum" TEXT NOT NULL,
  "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

/** Line endings are normalized so a checkout with CRLF does not look like an edited migration. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
}

/** Reads `<dir>/<timestamp>_<name>/migration.sql`, ordered by folder name. */
export function loadMigrations(migrationsDir: string): Migration[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      if (!fs.existsSync(file)) throw new MigrationError(`Migration folder ${name} has no migration.sql`);
      const sql = fs.readFileSync(file, "utf8");
      return { name, file, sql, checksum: migrationChecksum(sql) };
    });
}

/**
 * Applies pending migrations in order, each in its own transaction together with its ledger row,
 * so a failing migration leaves no trace. Refuses to run when an applied migration's file has
 * changed, or when the database has migrations this code does not know (an older release
 * started against a newer database). Returns the names applied now.
 */
export async function runMigrations(sql: SqlExecutor, migrations: Migration[]): Promise<string[]> {
  await sql.exec(LEDGER_DDL);
  const appliedNow: string[] = [];
  const known = new Map(migrations.map((migration) => [migration.name, migration]));

  const applied = await sql.query<{ name: string; checksum: string }>(
    `SELECT name, checksum FROM "_marginalia_migrations" ORDER BY name`,
  );
  for (const row of applied) {
    const migration = known.get(row.name);
    if (!migration) {
      throw new MigrationError(
        `The database has migration ${row.name}, which this version of Marginalia does not have. ` +
          `Run the release that created it (or newer).`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration file ${migration.file} was changed after it was applied to this database. ` +
          `Restore it (git checkout -- ${migration.file}) and put the change in a new migration.`,
      );
    }
  }

  const appliedNames = new Set(applied.map((row) => row.name));
  for (const migration of migrations) {
    if (appliedNames.has(migration.name)) continue;
    const didApply = await sql.transaction(async (tx) => {
      // A migration may rewrite a large table, or wait for another process's migration: no
      // statement timeout for this transaction (openPostgresDatabase sets one for everything else).
      await tx.exec("SET LOCAL statement_timeout = 0");
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [MIGRATION_LOCK_KEY]);
      // Another process may have applied it while we waited for the lock.
      const done = await tx.query(`SELECT 1 FROM "_marginalia_migrations" WHERE name = $1`, [migration.name]);
      if (done.length > 0) return false;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(`Migration ${migration.file} failed: ${(error as Error).message}`);
      }
      await tx.query(`INSERT INTO "_marginalia_migrations" (name, checksum) VALUES ($1, $2)`, [
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (didApply) appliedNow.push(migration.name);
  }
  return appliedNow;
}

/** The project's own migrations folder, resolved from this file so any working directory works. */
export function defaultMigrationsDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");
}
