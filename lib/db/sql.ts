/**
 * The minimal raw-SQL surface the migration runner needs, implemented for PGlite and for
 * node-postgres, so migrations run the same way on both (Prisma's own migrate engine does not
 * run here: see docs/operations.md).
 */
export interface SqlSession {
  /** Runs one or more statements separated by semicolons, without parameters. */
  exec(sql: string): Promise<void>;
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlExecutor extends SqlSession {
  /** Runs `work` inside BEGIN/COMMIT; any error rolls everything back and is rethrown. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
}
