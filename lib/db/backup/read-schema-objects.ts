import type { SqlSession } from "../sql.ts";
import { quoteIdent } from "./backup-format.ts";

export type ForeignKey = { table: string; name: string; definition: string };
export type SequenceState = { name: string; lastValue: string; isCalled: boolean };

/** Tables of the current schema (where the migrations create everything), by name. */
export async function listTables(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

export async function listForeignKeys(session: SqlSession): Promise<ForeignKey[]> {
  return session.query<ForeignKey>(
    `SELECT c.relname AS "table", k.conname AS name, pg_get_constraintdef(k.oid) AS definition
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND k.contype = 'f' ORDER BY c.relname, k.conname`,
  );
}

/** Sequences are not transactional: a value read here may run ahead of the snapshot, never behind. */
export async function readSequences(session: SqlSession): Promise<SequenceState[]> {
  const names = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY c.relname`,
  );
  const states: SequenceState[] = [];
  for (const { name } of names) {
    const [row] = await session.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM ${quoteIdent(name)}`,
    );
    if (row) states.push({ name, lastValue: row.last_value, isCalled: row.is_called });
  }
  return states;
}

/** Everything a restore must clear first: tables (with their sequences and views) and types. */
export async function listSchemaObjects(session: SqlSession): Promise<{ tables: string[]; types: string[]; sequences: string[] }> {
  const tables = await listTables(session);
  const types = await session.query<{ name: string }>(
    `SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd', 'c') AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')`,
  );
  const sequences = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'S'`,
  );
  return { tables, types: types.map((row) => row.name), sequences: sequences.map((row) => row.name) };
}
