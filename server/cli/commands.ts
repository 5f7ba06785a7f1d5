import { parseArgs } from "node:util";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import type { AppConfig } from "@/lib/env.ts";

export type CliContext = { config: AppConfig };

export type CliCommand = {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], context: CliContext): Promise<void>;
};

async function withDatabase<T>(config: AppConfig, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Rejects options a command does not take, so a typo is an error rather than ignored. */
function noOptions(args: string[]): void {
  parseArgs({ args, options: {}, strict: true, allowPositionals: false });
}

function describeTarget(config: AppConfig): string {
  return config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `the embedded database in ${config.dataDir}`;
}

export const commands: CliCommand[] = [
  {
    name: "db:migrate",
    summary: "Apply pending SQL migrations from prisma/migrations (the server also does this at startup).",
    usage: "",
    async run(args, { config }) {
      noOptions(args);
      const applied = await withDatabase(config, (database) =>
        runMigrations(database.sql, loadMigrations(defaultMigrationsDir())),
      );
      console.log(
        applied.length === 0
          ? `Nothing to apply: ${describeTarget(config)} is up to date.`
          : `Applied ${applied.length} migration(s) to ${describeTarget(config)}:\n${applied.map((name) => `  ${name}`).join("\n")}`,
      );
    },
  },
  {
    name: "db:seed",
    summary: "Create the demo article if it does not exist yet (idempotent).",
    usage: "",
    async run(args, { config }) {
      noOptions(args);
      const result = await withDatabase(config, async (database) => {
        await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
        return seedDemoDocument(database.prisma);
      });
      console.log(result.created ? `Demo article created (${result.id}).` : `Demo article already present (${result.id}).`);
    },
  },
];
