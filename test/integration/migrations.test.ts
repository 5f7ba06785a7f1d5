import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, MigrationError, runMigrations, type Migration } from "@/lib/db/migrate.ts";
import { backends, type TestStorage } from "./databases.ts";

function migration(name: string, sql: string): Migration {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-mig-"));
  fs.mkdirSync(path.join(dir, name));
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  const [loaded] = loadMigrations(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return loaded!;
}

describe.each(backends)("migrations on $name", (backend) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function fresh(): Promise<{ storage: TestStorage; database: Database }> {
    const storage = await backend.create();
    cleanups.push(() => storage.destroy());
    const database = await storage.open();
    cleanups.push(() => database.close());
    return { storage, database };
  }

  it("applies the project's migrations once, and none again after reopening", async () => {
    const { storage, database } = await fresh();
    const all = loadMigrations(defaultMigrationsDir());
    expect(await runMigrations(database.sql, all)).toEqual(all.map((m) => m.name));
    expect(await runMigrations(database.sql, all)).toEqual([]);
    await database.close();

    const reopened = await storage.open();
    cleanups.push(() => reopened.close());
    expect(await runMigrations(reopened.sql, all)).toEqual([]);
    expect(await reopened.prisma.document.count()).toBe(0);
  });

  it("stops with the file's name when an applied migration was edited", async () => {
    const { database } = await fresh();
    const original = migration("20260101000000_a", `CREATE TABLE a (id int);`);
    await runMigrations(database.sql, [original]);
    const edited = migration("20260101000000_a", `CREATE TABLE a (id bigint);`);
    await expect(runMigrations(database.sql, [edited])).rejects.toThrow(MigrationError);
    await expect(runMigrations(database.sql, [edited])).rejects.toThrow(/20260101000000_a\/migration\.sql was changed after it was applied/);
  });

  it("refuses a database that has a migration this code does not know", async () => {
    const { database } = await fresh();
    await runMigrations(database.sql, [migration("20260101000000_a", "SELECT 1;"), migration("20260102000000_b", "SELECT 1;")]);
    await expect(runMigrations(database.sql, [migration("20260101000000_a", "SELECT 1;")])).rejects.toThrow(
      /has migration 20260102000000_b, which this version of Marginalia does not have/,
    );
  });

  it("rolls a failing migration back completely and applies nothing after it", async () => {
    const { database } = await fresh();
    const good = migration("20260101000000_good", `CREATE TABLE good (id int);`);
    const bad = migration("20260102000000_bad", `CREATE TABLE half (id int); SELECT no_such_column FROM good;`);
    const later = migration("20260103000000_later", `CREATE TABLE later (id int);`);
    await expect(runMigrations(database.sql, [good, bad, later])).rejects.toThrow(/20260102000000_bad.*failed/);

    const tables = await database.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(["_marginalia_migrations", "good"]);
    const ledger = await database.sql.query<{ name: string }>(`SELECT name FROM "_marginalia_migrations"`);
    expect(ledger.map((row) => row.name)).toEqual(["20260101000000_good"]);
  });
});
