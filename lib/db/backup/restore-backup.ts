import fs from "node:fs";
import readline from "node:readline";
import type { SqlExecutor, SqlSession } from "../sql.ts";
import { backupHeaderSchema, MARKER_PREFIX, quoteIdent, type BackupHeader } from "./backup-format.ts";
import { listSchemaObjects } from "./read-schema-objects.ts";

export class RestoreError extends Error {
  override name = "RestoreError";
}

const END_LINE = `${MARKER_PREFIX}end`;

/** Reads and checks the header line, and that the file ends with the end marker (not cut short). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const handle = await fs.promises.open(file, "r");
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    await handle.read(head, 0, head.length, 0);
    const firstLine = head.toString("utf8").split("\n", 1)[0] ?? "";
    const prefix = `${MARKER_PREFIX}backup `;
    if (!firstLine.startsWith(prefix)) throw new RestoreError(`${file} is not a Marginalia backup (its first line should start with "${prefix}").`);
    let header: BackupHeader;
    try {
      const parsed = backupHeaderSchema.safeParse(JSON.parse(firstLine.slice(prefix.length)));
      if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("; "));
      header = parsed.data;
    } catch (error) {
      throw new RestoreError(`${file} has a backup header this release cannot read: ${(error as Error).message}`);
    }
    const tail = Buffer.alloc(Math.min(size, END_LINE.length + 2));
    await handle.read(tail, 0, tail.length, size - tail.length);
    if (!tail.toString("utf8").trimEnd().endsWith(END_LINE)) throw new RestoreError(`${file} is incomplete (it does not end with "${END_LINE}"): the backup was cut short.`);
    return header;
  } finally {
    await handle.close();
  }
}

/** Drops every table, sequence and type of the current schema, keeping the schema and its grants. */
async function clearSchema(tx: SqlSession): Promise<void> {
  const { tables, types, sequences } = await listSchemaObjects(tx);
  if (tables.length > 0) await tx.exec(`DROP TABLE IF EXISTS ${tables.map(quoteIdent).join(", ")} CASCADE`);
  if (sequences.length > 0) await tx.exec(`DROP SEQUENCE IF EXISTS ${sequences.map(quoteIdent).join(", ")} CASCADE`);
  if (types.length > 0) await tx.exec(`DROP TYPE IF EXISTS ${types.map(quoteIdent).join(", ")} CASCADE`);
}

/**
 * Runs the backup's SQL in one transaction: a failure anywhere leaves the target as it was.
 * Statements run section by section; each row line of a table is one statement, so memory
 * stays bounded by the largest line. Row counts are checked against the header before commit.
 */
async function replay(tx: SqlSession, file: string, header: BackupHeader): Promise<void> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let pending: string[] = [];
  let inTable = false;
  const flush = async () => {
    const text = pending.join("\n").trim();
    pending = [];
    if (text) await tx.exec(text);
  };
  for await (const line of lines) {
    if (line.startsWith(MARKER_PREFIX)) {
      await flush();
      inTable = line.startsWith(`${MARKER_PREFIX}table `);
      continue;
    }
    pending.push(line);
    if (inTable) await flush();
  }
  await flush();
  for (const [table, expected] of Object.entries(header.tables)) {
    const [row] = await tx.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${quoteIdent(table)}`);
    if (row?.count !== expected) throw new RestoreError(`Table ${table} has ${row?.count ?? 0} rows after the restore; the backup lists ${expected}.`);
  }
}

/**
 * Restores a backup into the database behind `sql`, which must be empty (no tables in its
 * schema) unless `force` is set: then everything in the schema is dropped first, in the same
 * transaction. The restored database is at the backup's migration; the caller applies newer ones.
 */
export async function restoreBackup(sql: SqlExecutor, options: { file: string; force: boolean }): Promise<{ header: BackupHeader; replaced: string[] }> {
  const header = await readBackupHeader(options.file);
  const replaced = await sql.transaction(async (tx) => {
    await tx.exec("SET LOCAL statement_timeout = 0");
    const existing = (await listSchemaObjects(tx)).tables;
    if (existing.length > 0) {
      if (!options.force) {
        throw new RestoreError(
          `The target database is not empty (${existing.length} tables, e.g. ${existing.slice(0, 3).join(", ")}). ` +
            `Restore into a fresh DATA_DIR or a new PostgreSQL database, or add --force to drop everything in it first.`,
        );
      }
      await clearSchema(tx);
    }
    await replay(tx, options.file, header);
    return existing;
  });
  return { header, replaced };
}
