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

/**
 * How long one statement may run, lock waits included, before the server cancels it. A database
 * that hangs (a table locked by a stuck session, say) then fails like one that is down: the
 * realtime log's writes retry with backoff and count as errors in /metrics, and a page's query
 * ends in an error page instead of a request that never answers. Migrations lift it.
 */
const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/** PostgreSQL through node-postgres: the path for several processes or more than one machine. */
export async function openPostgresDatabase(url: string, statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000, statement_timeout: statementTimeoutMs });
  // An idle client that loses its server emits 'error' on the pool; without a listener that
  // would crash the process instead of failing the next query (and the health check).
  pool.on("error", () => {});
  const sql: SqlExecutor = {
    ...sessionFor(pool),
    async transaction(work) {
      const client = await pool.connect();
      // A connection lost mid-transaction fails the pending query and also emits 'error' on the
      // checked-out client, which the pool does not listen to: unheard, that would crash the process.
      const ignore = () => {};
      client.on("error", ignore);
      try {
        await client.query("BEGIN");
        const result = await work(sessionFor(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.removeListener("error", ignore);
        client.release();
      }
    },
  };

  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: 5_000, statement_timeout: statementTimeoutMs }),
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
