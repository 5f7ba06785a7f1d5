import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client.ts";
import { acquireDataDirLock } from "./data-dir-lock.ts";
import { withBytesArguments } from "./pglite-bytes-arguments.ts";
import type { Database } from "./database.ts";
import type { SqlExecutor } from "./sql.ts";

/**
 * The embedded default: PostgreSQL compiled to WASM, data in `<dataDir>/pglite`.
 * `dataDir: null` keeps everything in memory (tests).
 */
export async function openPgliteDatabase(dataDir: string | null): Promise<Database> {
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

  const prisma = new PrismaClient({ adapter: withBytesArguments(new PrismaPGlite(pglite)) });
  let closed = false;
  return {
    kind: "pglite",
    prisma,
    sql,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pglite.close();
      releaseLock();
    },
  };
}
