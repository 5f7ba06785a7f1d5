import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { openDatabase } from "@/lib/db/database.ts";
import { liveDataDirOwner } from "@/lib/db/data-dir-lock.ts";
import { localSocketConninfo, localSocketPathProblem } from "@/lib/db/local-socket/local-socket-address.ts";
import type { CliCommand } from "./commands.ts";

function runPsql(conninfo: string, extra: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("psql", [conninfo, ...extra], { stdio: "inherit" });
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") {
        reject(new Error(`psql is not installed (Debian/Ubuntu: apt-get install postgresql-client). Connect any PostgreSQL client with: ${conninfo}`));
      } else {
        reject(error);
      }
    });
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

/**
 * psql on the app's database. Embedded and served: through the running server's socket.
 * Embedded and stopped: this command opens PGlite and serves the same socket itself while psql
 * runs. PostgreSQL: DATABASE_URL.
 */
export const psqlCommand: CliCommand = {
  name: "db:psql",
  summary: "Open psql on the database (embedded: through the running server's socket, or directly when stopped); --print shows the command.",
  usage: "[--print] [-- <psql arguments>]",
  async run(args, { config }) {
    const { values, positionals } = parseArgs({ args, options: { print: { type: "boolean" } }, strict: true, allowPositionals: true });
    if (config.databaseUrl) {
      if (values.print) console.log(`psql "${config.databaseUrl}"`);
      else process.exitCode = await runPsql(config.databaseUrl, positionals);
      return;
    }
    const problem = localSocketPathProblem(config.dataDir);
    if (problem) throw new Error(`The embedded database cannot be shared: ${problem}.`);
    const conninfo = localSocketConninfo(config.dataDir);
    const serverRuns = liveDataDirOwner(config.dataDir) !== null;
    if (values.print) {
      console.log(`psql "${conninfo}"`);
      if (!serverRuns) console.log("(The socket exists while the server runs, or while `npm run cli -- db:psql` does.)");
      return;
    }
    if (serverRuns) {
      process.exitCode = await runPsql(conninfo, positionals);
      return;
    }
    const database = await openDatabase({ databaseUrl: undefined, dataDir: config.dataDir, serveLocalSocket: true });
    try {
      process.exitCode = await runPsql(conninfo, positionals);
    } finally {
      await database.close();
    }
  },
};
