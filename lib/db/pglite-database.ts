import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { acquireDataDirLock } from "./data-dir-lock.ts";
import { localSocketPathProblem } from "./local-socket/local-socket-address.ts";
import { serveLocalSocket, type LocalSocketServer } from "./local-socket/serve-local-socket.ts";
import { withBytesArguments } from "./pglite-bytes-arguments.ts";
import type { Database } from "./database.ts";
import type { SqlExecutor } from "./sql.ts";

/**
 * The embedded default: PostgreSQL compiled to WASM, data in `<dataDir>/pglite`.
 * `dataDir: null` keeps everything in memory (tests).
 */
export async function openPgliteDatabase(dataDir: string | null, options: { serveLocalSocket?: boolean } = {}): Promise<Database> {
  let releaseLock = () => {};
  let pglite: PGlite;
  if (dataDir === null) {
    pglite = await PGlite.create();
  } else {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDataDirLock(dataDir);
    try {
      pglite = await PGlite.create(path.join(dataDir, "pglite"));
    } catch (error) {
      releaseLock();
      throw error;
    }
  }

  const sql: SqlExecutor = {
    exec: async (text) => {
      await pglite.exec(text);
    },
    query: async (text, params) => (await pglite.query(text, params)).rows as never,
    transaction: (work) =>
      pglite.transaction((tx) =>
        work({
          exec: async (text) => {
            await tx.exec(text);
          },
          query: async (text, params) => (await tx.query(text, params)).rows as never,
        }),
      ),
  };

  let socketServer: LocalSocketServer | undefined;
  let localSocket: Database["localSocket"];
  if (options.serveLocalSocket && dataDir !== null) {
    const problem = localSocketPathProblem(dataDir);
    if (problem) {
      localSocket = { served: false, reason: problem };
    } else {
      try {
        socketServer = await serveLocalSocket(pglite, dataDir);
      } catch (error) {
        await pglite.close();
        releaseLock();
        throw error;
      }
      localSocket = { served: true, path: socketServer.path };
    }
  }

  const prisma = new PrismaClient({ adapter: withBytesArguments(new PrismaPGlite(pglite)) });
  let closed = false;
  return {
    kind: "pglite",
    prisma,
    sql,
    localSocket,
    async close() {
      if (closed) return;
      closed = true;
      // Local clients first: what they left open is rolled back so PGlite can close.
      await socketServer?.close();
      await prisma.$disconnect();
      await pglite.close();
      releaseLock();
    },
  };
}
