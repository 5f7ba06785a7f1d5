import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client.ts";
import type { Database } from "./database.ts";
import type { SqlExecutor, SqlSession } from "./sql.ts";

function sessionFor(client: pg.Pool | pg.PoolClient): SqlSession {
  return {
    exec: async (text) => {
      await client.query(text);
    },
    query: async (text, params) => (await client.query(text, params)).rows,
  };
}

/** PostgreSQL through node-postgres: the path for several processes or more than one machine. */
export async function openPostgresDatabase(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server emits 'error' on the pool; without a listener that
  // would crash the process instead of failing the next query (and the health check).
  pool.on("error", () => {});
  const sql: SqlExecutor = {
    ...sessionFor(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(sessionFor(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };

  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: 5_000 }),
  });
  let closed = false;
  return {
    kind: "postgres",
    prisma,
    sql,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
