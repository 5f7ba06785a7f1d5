// A server under test, alone in its process so that /proc/<pid>/stat and /proc/<pid>/status
// measure it and nothing else. Started by bench/realtime.ts:
//
//   BENCH_SERVER=marginalia BENCH_DATA_DIR=<pglite folder> | DATABASE_URL=<postgres>   Marginalia's realtime server
//   BENCH_SERVER=reference                                                             bare @y/websocket-server 0.1.1
//
// Prints one JSON line `{ "port": <n> }` once it listens; SIGTERM closes it (storing everything
// accepted, and writing the CPU profile when started with --cpu-prof).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setupWSConnection } from "@y/websocket-server/utils";
import { WebSocketServer } from "ws";
import { openDatabase } from "@/lib/db/database.ts";
import { createLogger } from "@/lib/logger.ts";
import { createRealtimeServer } from "@/server/realtime/create-realtime-server.ts";
import { serveMetrics } from "@/server/serve-metrics.ts";

const logger = createLogger("warn");

async function marginalia(): Promise<{ server: http.Server; close(): Promise<void> }> {
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.BENCH_DATA_DIR ?? null });
  // The bench's own secret: its clients authenticate with API tokens, never with sessions.
  const realtime = createRealtimeServer({ prisma: database.prisma, sql: database.sql, logger, authSecret: "b".repeat(43), publicUrl: undefined, allowedOrigins: [] });
  const server = http.createServer((req, res) => {
    if (!serveMetrics(req, res, { token: undefined, address: req.socket.remoteAddress ?? "", text: () => realtime.metricsText(), logger })) res.writeHead(404).end();
  });
  server.on("upgrade", (req, socket, head) => realtime.handleUpgrade(req, socket, head));
  return {
    server,
    async close() {
      await realtime.close();
      server.closeAllConnections();
      server.close();
      await database.close();
    },
  };
}

function reference(): { server: http.Server; close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)));
  return {
    server,
    async close() {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      server.close();
    },
  };
}

const target = process.env.BENCH_SERVER === "reference" ? reference() : await marginalia();
// A generous backlog: a thousand clients connecting at once must queue, not be reset.
target.server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () => {
  console.log(JSON.stringify({ port: (target.server.address() as AddressInfo).port }));
});
process.once("SIGTERM", () => {
  target.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, "bench server did not close cleanly");
      process.exit(1);
    },
  );
});
