import fs from "node:fs";
import { openDatabase, type Database } from "./database.ts";
import { DataDirLockedError, liveDataDirOwner } from "./data-dir-lock.ts";
import { localSocketUrl, readLocalSocketInfo } from "./local-socket/local-socket-address.ts";

export type OperatorDatabase = {
  database: Database;
  /** For messages: which database the command worked on, and how it got there. */
  target: string;
  /** True when a running server holds the embedded database and the command went through its socket. */
  throughServer: boolean;
};

/**
 * The database for an operator command. PostgreSQL at `databaseUrl`; else the embedded database
 * in `dataDir`: opened here when no server runs, or, when a live server holds the folder,
 * reached through the socket that server serves (same rows, seen by the app at once).
 */
export async function openOperatorDatabase(options: { databaseUrl: string | undefined; dataDir: string }): Promise<OperatorDatabase> {
  if (options.databaseUrl) {
    return { database: await openDatabase({ databaseUrl: options.databaseUrl, dataDir: null }), target: "PostgreSQL (DATABASE_URL)", throughServer: false };
  }
  const owner = liveDataDirOwner(options.dataDir);
  if (owner === null) {
    return {
      database: await openDatabase({ databaseUrl: undefined, dataDir: options.dataDir }),
      target: `the embedded database in ${options.dataDir}`,
      throughServer: false,
    };
  }
  const info = readLocalSocketInfo(options.dataDir);
  if (!info || info.pid !== owner || !fs.existsSync(info.socket)) {
    throw new DataDirLockedError(
      `The embedded database in ${options.dataDir} is in use by Marginalia process ${owner}, which does not share it on a local socket ` +
        `(still starting, an older release, or a DATA_DIR path too long for a socket: see its log). Try again once it is ready, or stop it first.`,
    );
  }
  const { openPostgresDatabase } = await import("./postgres-database.ts");
  return {
    database: await openPostgresDatabase(localSocketUrl(options.dataDir)),
    target: `the embedded database in ${options.dataDir} (through the running server, pid ${owner})`,
    throughServer: true,
  };
}
