import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { restoreBackup } from "@/lib/db/backup/restore-backup.ts";
import { writeBackup } from "@/lib/db/backup/write-backup.ts";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { runCliInProcess } from "./cli-in-process.ts";
import { backends, type TestStorage } from "./databases.ts";

const run = promisify(execFile);
const [pglite, postgres] = backends;

/** What a restore must bring back, row for row: accounts, workspaces, documents, rooms, threads. */
const COMPARED_TABLES = [
  "_marginalia_migrations",
  "users",
  "workspaces",
  "memberships",
  "documents",
  "realtime_updates",
  "realtime_snapshots",
  "annotations",
  "annotation_comments",
];

async function rowsOf(database: Database): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of COMPARED_TABLES) {
    const rows = await database.sql.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "${table}" AS t`);
    tables[table] = rows.map((row) => row.row).sort();
  }
  return tables;
}

/** Polls `check` until it holds or the deadline passes (no fixed sleeps). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("operator commands beside a server running on the embedded database, and backups", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-backup-"));
  const backupFile = path.join(work, "served.sql");
  const cleanups: (() => Promise<void>)[] = [];
  const timings: Record<string, number> = {};
  let source: Record<string, string[]> = {};
  let app: RunningApp | undefined;

  afterAll(async () => {
    await app?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
    fs.rmSync(work, { recursive: true, force: true });
    console.info("operator-backup timings (ms):", JSON.stringify(timings));
  });

  async function cli(storage: { dataDir: string; databaseUrl?: string }, ...args: string[]) {
    const started = performance.now();
    const result = await run(process.execPath, ["--import", "tsx", "server/cli.ts", ...args], {
      env: { ...process.env, DATA_DIR: storage.dataDir, DATABASE_URL: storage.databaseUrl ?? "" },
    });
    timings[args[0]!] = Math.round(performance.now() - started);
    return result.stdout;
  }

  async function fresh(backend: NonNullable<typeof pglite>): Promise<TestStorage> {
    const storage = await backend.create();
    cleanups.push(() => storage.destroy());
    return storage;
  }

  it("runs user:create, token:create and backup in a second process while the server serves, which sees the user at once; the backup restores into a fresh DATA_DIR", async () => {
    const served = await fresh(pglite!);
    app = await startApp(served);

    expect(await cli(served, "user:create", "--email", "ops@example.org", "--password", "a long password", "--name", "Opal")).toMatch(/Created ops@example\.org/);
    const token = (await cli(served, "token:create", "--email", "ops@example.org")).trim().split("\n").at(-1)!;
    const api = (method: string, url: string, body?: unknown) =>
      fetch(`${app!.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });

    // The app reads the new account and its token at once: one database behind the socket.
    const workspaces = await api("GET", "/api/v1/workspaces");
    expect(workspaces.status).toBe(200);
    const [workspace] = ((await workspaces.json()) as { workspaces: { id: string }[] }).workspaces;
    const created = await api("POST", `/api/v1/workspaces/${workspace!.id}/documents`, { title: "Backed up", text: "The minister said the town was calm.\n\nOthers disagreed." });
    expect(created.status).toBe(201);
    const { id: documentId } = (await created.json()) as { id: string };
    const annotated = await api("POST", `/api/v1/documents/${documentId}/annotations`, {
      type: "Annotation",
      body: [
        { type: "TextualBody", purpose: "tagging", value: "sourcing" },
        { type: "TextualBody", purpose: "commenting", value: "Which minister?" },
      ],
      target: { selector: { type: "TextQuoteSelector", exact: "The minister said" } },
    });
    expect(annotated.status).toBe(201);
    const database = app.server.database;
    // The projection that fills annotations/annotation_comments trails the room a little.
    await eventually(async () => {
      const [row] = await database.sql.query<{ n: number }>(`SELECT (SELECT count(*) FROM annotations) + (SELECT count(*) FROM annotation_comments) AS n`);
      return Number(row?.n) >= 2;
    });

    const report = await cli(served, "backup", backupFile);
    expect(report).toMatch(/through the running server/);
    source = await rowsOf(database);
    expect(source.realtime_updates!.length + source.realtime_snapshots!.length).toBeGreaterThan(0);

    // No server holds the fresh folder, so the restore needs no second process: it runs here.
    const restored = await fresh(pglite!);
    expect(await runCliInProcess(restored, "restore", backupFile)).toMatchObject({ code: 0, stdout: expect.stringMatching(/Restored .* into the embedded database/) });
    const reopened = await openDatabase({ databaseUrl: undefined, dataDir: restored.dataDir });
    const copy = await rowsOf(reopened).finally(() => reopened.close());
    expect(copy).toEqual(source);

    // A second restore into the same, now non-empty, database is refused.
    expect(await runCliInProcess(restored, "restore", backupFile)).toMatchObject({ code: 1, stderr: expect.stringContaining("not empty") });

    // The restored database serves the same annotation and thread to the same token.
    await app.close();
    app = await startApp(restored);
    const collection = (await (await api("GET", `/api/v1/documents/${documentId}/annotations`)).json()) as {
      total: number;
      first: { items: { body: { purpose: string; value: string }[] }[] };
    };
    expect(collection.total).toBe(1);
    expect(collection.first.items[0]!.body).toEqual(expect.arrayContaining([expect.objectContaining({ purpose: "commenting", value: "Which minister?" })]));
  }, 300_000);

  it.runIf(postgres)("restores the same backup into a fresh PostgreSQL database, and PostgreSQL's backup back into PGlite", async () => {
    const migrations = loadMigrations(defaultMigrationsDir());
    const intoPostgres = await (await fresh(postgres!)).open();
    await restoreBackup(intoPostgres.sql, { file: backupFile, force: false });
    expect(await runMigrations(intoPostgres.sql, migrations)).toEqual([]);
    expect(await rowsOf(intoPostgres)).toEqual(source);

    const fromPostgres = path.join(work, "from-postgres.sql");
    await writeBackup(intoPostgres.sql, { file: fromPostgres, source: "postgres", migrations }).finally(() => intoPostgres.close());
    const backIntoPglite = await (await fresh(pglite!)).open();
    await restoreBackup(backIntoPglite.sql, { file: fromPostgres, force: false });
    expect(await rowsOf(backIntoPglite).finally(() => backIntoPglite.close())).toEqual(source);
  }, 120_000);
});
