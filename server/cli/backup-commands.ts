import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { RestoreError, restoreBackup } from "@/lib/db/backup/restore-backup.ts";
import { writeBackup } from "@/lib/db/backup/write-backup.ts";
import { DataDirLockedError, liveDataDirOwner } from "@/lib/db/data-dir-lock.ts";
import { openDatabase } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { openOperatorDatabase } from "@/lib/db/open-operator-database.ts";
import type { CliCommand } from "./commands.ts";

function oneFile(args: string[], options: { force?: { type: "boolean" } } = {}) {
  const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw Object.assign(new Error("expected exactly one file name"), { code: "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" });
  return { file: path.resolve(positionals[0]!), force: (values as { force?: boolean }).force ?? false };
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export const backupCommands: CliCommand[] = [
  {
    name: "backup",
    summary: "Write a consistent SQL backup of the whole database to <file>; works while the server runs.",
    usage: "<file>",
    async run(args, { config }) {
      const { file } = oneFile(args);
      const { database, target, throughServer } = await openOperatorDatabase(config);
      const started = performance.now();
      const summary = await writeBackup(database.sql, {
        file,
        source: throughServer ? "pglite" : database.kind,
        migrations: loadMigrations(defaultMigrationsDir()),
      }).finally(() => database.close());
      const rows = Object.values(summary.tables).reduce((sum, count) => sum + count, 0);
      console.log(
        `Backed up ${target} to ${file}: ${Object.keys(summary.tables).length} tables, ${rows} rows, ` +
          `${summary.migrations} migrations, ${formatBytes(summary.bytes)} in ${Math.round(performance.now() - started)} ms.`,
      );
    },
  },
  {
    name: "restore",
    summary: "Restore a backup into an empty database (a fresh DATA_DIR or PostgreSQL database); --force replaces a non-empty one.",
    usage: "<file> [--force]",
    async run(args, { config }) {
      const { file, force } = oneFile(args, { force: { type: "boolean" } });
      if (!fs.existsSync(file)) throw new RestoreError(`No backup at ${file}.`);
      if (!config.databaseUrl) {
        const owner = liveDataDirOwner(config.dataDir);
        if (owner !== null) {
          throw new DataDirLockedError(
            `The embedded database in ${config.dataDir} is served by Marginalia process ${owner}. A restore replaces the database under ` +
              `the server's feet: stop the server first (or restore into another DATA_DIR).`,
          );
        }
      }
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const target = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `the embedded database in ${config.dataDir}`;
      try {
        const started = performance.now();
        const { header, replaced } = await restoreBackup(database.sql, { file, force });
        // A backup from an older release is brought up to this release's schema, as at startup.
        const applied = await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
        const rows = Object.values(header.tables).reduce((sum, count) => sum + count, 0);
        console.log(
          `Restored ${file} (made ${header.createdAt} on ${header.source}) into ${target}` +
            `${replaced.length > 0 ? `, replacing its ${replaced.length} tables` : ""}: ${Object.keys(header.tables).length} tables, ${rows} rows` +
            `${applied.length > 0 ? `, then applied ${applied.length} newer migration(s)` : ""} in ${Math.round(performance.now() - started)} ms.`,
        );
      } finally {
        await database.close();
      }
    },
  },
];
