import fs from "node:fs";
import { LEDGER_DDL, MigrationError, type Migration } from "../migrate.ts";
import type { SqlExecutor, SqlSession } from "../sql.ts";
import {
  BACKUP_FORMAT,
  MARKER_PREFIX,
  markerSafe,
  quoteIdent,
  quoteLiteral,
  type BackupHeader,
  type BackupSummary,
} from "./backup-format.ts";
import { listForeignKeys, listTables, readSequences } from "./read-schema-objects.ts";

const LEDGER_TABLE = "_marginalia_migrations";
/** Rows per FETCH, and the most JSON one INSERT line carries before a new one starts. */
const FETCH_ROWS = 200;
const MAX_STATEMENT_CHARS = 1_000_000;

export class BackupError extends Error {
  override name = "BackupError";
}

type Output = { write(text: string): Promise<void> };

async function appliedMigrations(tx: SqlSession, known: Migration[]): Promise<Migration[]> {
  const [ledger] = await tx.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS "exists"`, [LEDGER_TABLE]);
  if (!ledger?.exists) throw new BackupError("This database has no Marginalia schema yet (no migrations applied): nothing to back up.");
  const byName = new Map(known.map((migration) => [migration.name, migration]));
  const rows = await tx.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${quoteIdent(LEDGER_TABLE)} ORDER BY name`);
  return rows.map((row) => {
    const migration = byName.get(row.name);
    if (!migration) throw new MigrationError(`The database has migration ${row.name}, which this release does not have: back it up with the release that created it (or newer).`);
    if (migration.checksum !== row.checksum) throw new MigrationError(`Migration file ${migration.file} differs from the one applied to this database: restore the file first.`);
    return migration;
  });
}

async function writeRows(tx: SqlSession, table: string, out: Output): Promise<void> {
  const target = quoteIdent(table);
  await tx.exec(`DECLARE marginalia_backup_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM ${target} AS t`);
  let batch: string[] = [];
  let batchChars = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await out.write(`INSERT INTO ${target} SELECT * FROM jsonb_populate_recordset(NULL::${target}, ${quoteLiteral(`[${batch.join(",")}]`)});\n`);
    batch = [];
    batchChars = 0;
  };
  for (;;) {
    const rows = await tx.query<{ row: string }>(`FETCH ${FETCH_ROWS} FROM marginalia_backup_rows`);
    for (const { row } of rows) {
      if (batchChars + row.length > MAX_STATEMENT_CHARS) await flush();
      batch.push(row);
      batchChars += row.length;
    }
    if (rows.length < FETCH_ROWS) break;
  }
  await flush();
  await tx.exec("CLOSE marginalia_backup_rows");
}

/**
 * Writes a backup of the whole database to `file` (format: backup-format.ts) from one
 * REPEATABLE READ, READ ONLY transaction, so every table is read as of the same instant while
 * the app goes on writing (on PGlite through the server's socket, the app's writes wait for
 * the backup instead: PGlite is one session). The file appears only when complete: it is
 * written beside it as `<file>.partial` and renamed at the end.
 */
export async function writeBackup(sql: SqlExecutor, options: { file: string; source: BackupHeader["source"]; migrations: Migration[] }): Promise<BackupSummary> {
  const partial = `${options.file}.partial`;
  const handle = await fs.promises.open(partial, "w", 0o600);
  let bytes = 0;
  const out: Output = {
    async write(text) {
      bytes += Buffer.byteLength(text);
      await handle.write(text);
    },
  };
  try {
    const summary = await sql.transaction(async (tx) => {
      await tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      const migrations = await appliedMigrations(tx, options.migrations);
      const tables = (await listTables(tx)).map(markerSafe);
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const [row] = await tx.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${quoteIdent(table)}`);
        counts[table] = row?.count ?? 0;
      }
      const foreignKeys = await listForeignKeys(tx);
      const sequences = await readSequences(tx);

      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        createdAt: new Date().toISOString(),
        source: options.source,
        migrations: migrations.map((migration) => migration.name),
        tables: counts,
      };
      await out.write(
        `${MARKER_PREFIX}backup ${JSON.stringify(header)}\n` +
          `-- Marginalia backup. Restore into an empty database with \`npm run cli -- restore <file>\`,\n` +
          `-- or with psql: psql --single-transaction -v ON_ERROR_STOP=1 -f <file> "<connection>".\n`,
      );
      await out.write(`${MARKER_PREFIX}schema\n${LEDGER_DDL};\n`);
      for (const migration of migrations) {
        await out.write(`${MARKER_PREFIX}migration ${markerSafe(migration.name)}\n${migration.sql.trimEnd()}\n`);
      }
      await out.write(`${MARKER_PREFIX}before-data\n`);
      for (const key of foreignKeys) await out.write(`ALTER TABLE ${quoteIdent(key.table)} DROP CONSTRAINT ${quoteIdent(key.name)};\n`);
      const filled = tables.filter((table) => table !== LEDGER_TABLE);
      // Rows a migration itself inserted are in the data below already.
      if (filled.length > 0) await out.write(`TRUNCATE ${filled.map(quoteIdent).join(", ")};\n`);
      for (const table of tables) {
        await out.write(`${MARKER_PREFIX}table ${table} ${counts[table]}\n`);
        await writeRows(tx, table, out);
      }
      await out.write(`${MARKER_PREFIX}after-data\n`);
      for (const sequence of sequences) {
        await out.write(`SELECT setval(${quoteLiteral(quoteIdent(sequence.name))}, ${sequence.lastValue}, ${sequence.isCalled});\n`);
      }
      for (const key of foreignKeys) await out.write(`ALTER TABLE ${quoteIdent(key.table)} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.definition};\n`);
      await out.write(`${MARKER_PREFIX}end\n`);
      return { migrations: migrations.length, tables: counts };
    });
    await handle.sync();
    await handle.close();
    await fs.promises.rename(partial, options.file);
    return { ...summary, bytes };
  } catch (error) {
    await handle.close().catch(() => {});
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
}
