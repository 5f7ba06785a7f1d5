import { parseArgs } from "node:util";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { resolveAuthSecret } from "@/lib/auth/auth-secret.ts";
import { purgeExpiredSessions } from "@/lib/classroom/purge-expired-sessions.ts";
import { createLogger } from "@/lib/logger.ts";
import { createRealtimeServer } from "../realtime/create-realtime-server.ts";
import { emailSchema } from "@/lib/auth/schema.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { AppError } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import type { AppConfig } from "@/lib/env.ts";

export type CliContext = { config: AppConfig };

export type CliCommand = {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], context: CliContext): Promise<void>;
};

/** Opens the database with its schema up to date, runs `work`, and always closes it. */
async function withDatabase<T>(config: AppConfig, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
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
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const applied = await runMigrations(database.sql, loadMigrations(defaultMigrationsDir())).finally(() => database.close());
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
      const result = await withDatabase(config, (database) => seedDemoDocument(database.prisma));
      console.log(result.created ? `Demo article created (${result.id}).` : `Demo article already present (${result.id}).`);
    },
  },
  {
    name: "user:create",
    summary: "Create an account (with its own workspace holding a copy of the demo article).",
    usage: "--email <email> --password <password> --name <name>",
    async run(args, { config }) {
      const { values } = parseArgs({
        args,
        options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
        strict: true,
        allowPositionals: false,
      });
      const account = await withDatabase(config, async (database) => {
        await seedDemoDocument(database.prisma);
        return signUp(database.prisma, values);
      });
      console.log(`Created ${account.email} (user ${account.userId}) with workspace ${account.workspaceId}.`);
    },
  },
  {
    name: "token:create",
    summary: "Create a personal API token for an account; prints the token alone on the last line.",
    usage: "--email <email> [--name <token name>]",
    async run(args, { config }) {
      const { values } = parseArgs({
        args,
        options: { email: { type: "string" }, name: { type: "string", default: "Created with the CLI" } },
        strict: true,
        allowPositionals: false,
      });
      const email = parseInput(emailSchema, values.email);
      const token = await withDatabase(config, async (database) => {
        const user = await database.prisma.user.findUnique({ where: { email } });
        if (!user) throw new AppError("NOT_FOUND", `No account has the email ${email}.`);
        return createApiToken(database.prisma, { userId: user.id }, { name: values.name });
      });
      console.log(`Token "${token.name}" created. It is shown only once; store it safely:`);
      console.log(token.token);
    },
  },
  {
    name: "sessions:purge",
    summary: "Erase participant names from classroom sessions older than CLASSROOM_RETENTION_DAYS (the server also does this daily).",
    usage: "[--days <days>]",
    async run(args, { config }) {
      const { values } = parseArgs({ args, options: { days: { type: "string" } }, strict: true, allowPositionals: false });
      const retentionDays = values.days === undefined ? config.classroomRetentionDays : Number(values.days);
      if (!Number.isInteger(retentionDays) || retentionDays < 0) throw new AppError("BAD_REQUEST", "--days must be a whole number of days (0 purges every session).");
      const purged = await withDatabase(config, async (database) => {
        // Names also sit in the students' rooms: they are rewritten through a realtime server of
        // this process's own, which stores the change (and relays it through Redis when set).
        const logger = createLogger("warn");
        const realtime = createRealtimeServer({
          prisma: database.prisma,
          sql: database.sql,
          logger,
          authSecret: await resolveAuthSecret(database.prisma, config.authSecret),
          publicUrl: config.publicUrl,
          allowedOrigins: [],
          redisUrl: config.redisUrl,
        });
        try {
          return await purgeExpiredSessions(database.prisma, realtime, { retentionDays });
        } finally {
          await realtime.close();
        }
      });
      console.log(
        purged.sessions === 0
          ? `No session older than ${retentionDays} day(s) still had names.`
          : `Erased the names of ${purged.participants} participant(s) in ${purged.sessions} session(s) older than ${retentionDays} day(s).`,
      );
    },
  },
];
