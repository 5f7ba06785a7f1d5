import type { Database } from "./database.ts";

/**
 * Next.js bundles route handlers separately from the custom server, so this module is loaded
 * twice in one process. The server opens the database once and registers it under a
 * process-wide symbol; code inside Next reads it back from there. A second PGlite instance
 * on the same folder would corrupt it.
 */
const DATABASE_KEY = Symbol.for("marginalia.database");

type Registry = { [DATABASE_KEY]?: Database };

export function registerDatabase(database: Database | undefined): void {
  (globalThis as Registry)[DATABASE_KEY] = database;
}

export function getDatabase(): Database {
  const database = (globalThis as Registry)[DATABASE_KEY];
  if (!database) {
    throw new Error("No database is registered: start Marginalia through server/main.ts (npm start / npm run dev).");
  }
  return database;
}
