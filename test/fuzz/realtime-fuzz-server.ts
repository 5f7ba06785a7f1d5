// The realtime server in a process of its own for the frame fuzzer, so that a crash is seen as
// an exit and its memory can be read from /proc/<pid>/status. PostgreSQL from DATABASE_URL
// (else PGlite in DATA_DIR); announces {"port":N} on stdout; GET /metrics as the app serves
// it; SIGTERM stops it cleanly. The connection limits are lifted: the fuzzer opens a
// connection per refused frame from one address with one token, which is its job, not an attack.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "@/lib/db/database.ts";
import { createLogger } from "@/lib/logger.ts";
import { serveMetrics } from "@/server/serve-metrics.ts";
import { createTestRealtime } from "../integration/realtime-harness.ts";

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR ?? null });
const realtime = createTestRealtime(database, { limits: { connectionsPerMinutePerAddress: 1_000_000, connectionsPerMinutePerCredential: 1_000_000 } });
const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
const server = http.createServer((req, res) => {
  if (!serveMetrics(req, res, { token: undefined, address: req.socket.remoteAddress ?? "", text: () => realtime.metricsText(), logger })) res.writeHead(404).end();
});
server.on("upgrade", (req, socket, head) => realtime.handleUpgrade(req, socket, head));
server.listen(0, "127.0.0.1", () => {
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
