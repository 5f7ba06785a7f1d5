import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";

/**
 * The storage backends integration tests run against: the embedded PGlite always, and
 * PostgreSQL too when DATABASE_URL points at a server (CI sets it). Each PostgreSQL test
 * database is created fresh and dropped afterwards, so runs never see each other's rows.
 */
export type Backend = {
  name: "pglite" | "postgres";
  /**
   * Fresh storage, empty or (`migrated`) with the project's migrations already applied where
   * that is cheaper than applying them (PGlite, from a template). `open` opens it, as often as needed.
   */
  create(options?: { migrated?: boolean }): Promise<TestStorage>;
};

export type TestStorage = {
  /** What the app's config needs to use this storage. */
  databaseUrl: string | undefined;
  dataDir: string;
  open(): Promise<Database>;
  destroy(): Promise<void>;
};

const adminUrl = process.env.DATABASE_URL;

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const templates = inject("pgliteTemplates");

const pgliteBackend: Backend = {
  name: "pglite",
  async create({ migrated = false } = {}) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-it-"));
    // Without templates (another config), PGlite runs initdb itself on first open: slower, same result.
    if (templates) fs.cpSync(migrated ? templates.migrated : templates.empty, dataDir, { recursive: true });
    return {
      databaseUrl: undefined,
      dataDir,
      open: () => openDatabase({ databaseUrl: undefined, dataDir }),
      destroy: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

const postgresBackend: Backend = {
  name: "postgres",
  async create() {
    const name = `marginalia_test_${randomBytes(6).toString("hex")}`;
    await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    return {
      databaseUrl: url.toString(),
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-it-")),
      open: () => openDatabase({ databaseUrl: url.toString(), dataDir: null }),
      destroy: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
    };
  },
};

export const backends: Backend[] = adminUrl ? [pgliteBackend, postgresBackend] : [pgliteBackend];

/** Fresh storage with the project's migrations applied: where most integration tests start. */
export async function openMigrated(backend: Backend): Promise<{ storage: TestStorage; database: Database }> {
  const storage = await backend.create({ migrated: true });
  const database = await storage.open();
  // On a migrated template this applies nothing, and still proves the copy is current.
  await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
  return { storage, database };
}

/**
 * Registers hooks that give the enclosing suite a fresh migrated database for all its tests,
 * closed and dropped afterwards. Read `.database` inside tests, not at collection time.
 */
export function useMigratedDatabase(backend: Backend): { readonly database: Database; readonly storage: TestStorage } {
  const state: { database?: Database; storage?: TestStorage } = {};
  beforeAll(async () => {
    Object.assign(state, await openMigrated(backend));
  });
  afterAll(async () => {
    await state.database?.close();
    await state.storage?.destroy();
  });
  return {
    get database() {
      return state.database!;
    },
    get storage() {
      return state.storage!;
    },
  };
}
