import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { SqlExecutor } from "./sql.ts";

export type { PrismaClient };

/** One open database: the Prisma client the app uses, plus raw SQL for migrations. */
export interface Database {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  sql: SqlExecutor;
  close(): Promise<void>;
}

export type DatabaseOptions = {
  /** PostgreSQL URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Folder for PGlite's files, or null for an in-memory database. */
  dataDir: string | null;
  /** PostgreSQL only: how long one statement may run or wait for a lock (default 30 s). */
  statementTimeoutMs?: number;
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgresDatabase } = await import("./postgres-database.ts");
    return openPostgresDatabase(options.databaseUrl, options.statementTimeoutMs);
  }
  const { openPgliteDatabase } = await import("./pglite-database.ts");
  return openPgliteDatabase(options.dataDir);
}
