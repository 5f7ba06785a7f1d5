// A realtime server in a process of its own, for scale-out and crash tests: PostgreSQL from
// DATABASE_URL (else PGlite in DATA_DIR), Redis from REDIS_URL, the port from PORT (else a free
// one), announced as {"port":N} on stdout. SIGTERM stops it cleanly. REALTIME_BATCH_MS sets the
// group-commit window.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "@/lib/db/database.ts";
import { createTestRealtime } from "../realtime-harness.ts";

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR ?? null });
const realtime = createTestRealtime(database, {
  redisUrl: process.env.REDIS_URL,
  // Tests widen the batching window to be sure a killed process had not stored its last updates.
  store: { batchMs: Number(process.env.REALTIME_BATCH_MS ?? 10) },
});
const server = http.createServer((_, res) => res.writeHead(404).end());
server.on("upgrade", (req, socket, head) => realtime.handleUpgrade(req, socket, head));
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once("SIGTERM", () => {
  void (async () => {
    await realtime.close();
    server.closeAllConnections();
    server.close();
    await database.close();
    process.exit(0);
  })();
});
