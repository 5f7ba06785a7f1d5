import { z } from "zod";

/**
 * A Marginalia backup is plain SQL that recreates the database in an empty one:
 *
 *   -- marginalia:backup {"format":1,...}       what it holds (one JSON line)
 *   -- marginalia:schema                         the migrations ledger table, then every applied
 *   -- marginalia:migration <name>               migration's own SQL, in order
 *   -- marginalia:before-data                    foreign keys dropped, tables emptied
 *   -- marginalia:table <name> <rows>            INSERT ... jsonb_populate_recordset, one per line
 *   -- marginalia:after-data                     sequences set, foreign keys added back
 *   -- marginalia:end                            a file cut short lacks this line
 *
 * Why our own dump rather than pg_dump: pg_dump is not on every machine, it refuses a server
 * newer than itself (PGlite 0.5 is PostgreSQL 18; Debian 12 ships pg_dump 15), and it cannot
 * read PGlite when no server runs. Replaying the migrations gives the restored database exactly
 * the schema this release's code expects, on PGlite and on any PostgreSQL it supports; rows
 * travel as JSON (`to_jsonb` / `jsonb_populate_recordset`), which both read the same way,
 * bytea and timestamps included. Foreign keys are dropped while rows load and added back after
 * (as pg_dump does), so rows may come in any order and self-references need no sorting.
 */
export const BACKUP_FORMAT = 1;

export const MARKER_PREFIX = "-- marginalia:";

export const backupHeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string(),
  source: z.enum(["pglite", "postgres"]),
  migrations: z.array(z.string()),
  tables: z.record(z.string(), z.number().int().min(0)),
});

export type BackupHeader = z.infer<typeof backupHeaderSchema>;

export type BackupSummary = { migrations: number; tables: Record<string, number>; bytes: number };

/** An identifier quoted for SQL ("name" with inner quotes doubled). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal, for standard_conforming_strings = on (the default since PostgreSQL 9.1). */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Table names are written unquoted in marker lines and may not hold spaces; Prisma's names
 * never do. A name that would break the format stops the backup instead.
 */
export function markerSafe(name: string): string {
  if (!/^[A-Za-z0-9_$-]+$/.test(name)) throw new Error(`Cannot back up "${name}": the name has characters the backup format does not allow.`);
  return name;
}
