import fs from "node:fs";
import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";
import { localSocketDir, localSocketPath, writeLocalSocketInfo } from "./local-socket-address.ts";
import { PgliteSessionQueue } from "./pglite-session-queue.ts";

export type LocalSocketServer = { path: string; close(): Promise<void> };

/** Enough for the CLI's two pools and a few psql sessions; each waits its turn for the session. */
const MAX_CONNECTIONS = 32;

/**
 * Serves the embedded database on `<DATA_DIR>/socket/.s.PGSQL.5432` (PostgreSQL's wire protocol,
 * through @electric-sql/pglite-socket's connection handler), so the CLI, psql and pg_dump work
 * while the server runs. Only the folder's owner may connect: the folder is 0700 and the socket
 * 0600; there is no password and no TCP port. The caller must hold the DATA_DIR lock (so any
 * socket file already there is a crashed server's).
 */
export async function serveLocalSocket(pglite: PGlite, dataDir: string): Promise<LocalSocketServer> {
  const dir = localSocketDir(dataDir);
  const socketPath = localSocketPath(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  fs.rmSync(socketPath, { force: true });

  const queue = new PgliteSessionQueue(pglite);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    // The handler's type names pglite-socket's own queue class; ours has the same methods
    // (enqueue, clearQueueForHandler, clearTransactionIfNeeded, getQueueLength).
    const handler = new PGLiteSocketHandler({ queryQueue: queue as never, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  server.maxConnections = MAX_CONNECTIONS;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  fs.chmodSync(socketPath, 0o600);
  const forgetInfo = writeLocalSocketInfo(dataDir);

  let closing: Promise<void> | undefined;
  return {
    path: socketPath,
    close() {
      closing ??= (async () => {
        forgetInfo();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Detaching rolls back what a client left open, so PGlite can then close.
        await Promise.all([...handlers].map((handler) => handler.detach(true)));
        await closed;
        fs.rmSync(socketPath, { force: true });
      })();
      return closing;
    },
  };
}
