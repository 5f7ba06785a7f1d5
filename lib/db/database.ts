import type { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { SqlExecutor } from "./sql.ts";

export type { PrismaClient };

/** One open database: the Prisma client the app uses, plus raw SQL for migrations. */
export interface Database {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  sql: SqlExecutor;
  /**
   * PGlite in a folder, opened with `serveLocalSocket`: where local tools reach it, or why
   * they cannot. Absent otherwise.
   */
  localSocket?: { served: true; path: string } | { served: false; reason: string };
  close(): Promise<void>;
}

export type DatabaseOptions = {
  /** PostgreSQL URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Folder for PGlite's files, or null for an in-memory database. */
  dataDir: string | null;
  /** PostgreSQL only: how long one statement may run or wait for a lock (default 30 s). */
  statementTimeoutMs?: number;
  /**
   * PGlite in a folder only: serve it on `<dataDir>/socket` for the CLI, psql and pg_dump
   * while this process holds it (the server does; the CLI does not).
   */
  serveLocalSocket?: boolean;
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgresDatabase } = await import("./postgres-database.ts");
    return openPostgresDatabase(options.databaseUrl, options.statementTimeoutMs);
  }
  const { openPgliteDatabase } = await import("./pglite-database.ts");
  return openPgliteDatabase(options.dataDir, { serveLocalSocket: options.serveLocalSocket ?? false });
}
