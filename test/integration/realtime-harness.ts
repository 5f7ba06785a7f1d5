import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import type { Database } from "@/lib/db/database.ts";
import { createLogger } from "@/lib/logger.ts";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { createRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from "@/server/realtime/create-realtime-server.ts";
import { serveMetrics } from "@/server/serve-metrics.ts";

export const AUTH_SECRET = "integration-test-secret-integration-test-secret";

export type RealtimeHarness = {
  /** http://127.0.0.1:<port>: also serves GET /metrics. */
  url: string;
  wsUrl: string;
  realtime: RealtimeServer;
  /** A real y-websocket client for the room, connected with `token` (and optional extra params). */
  client(room: string, token: string | null, options?: { connect?: boolean }): Client;
  close(): Promise<void>;
};

export type Client = { doc: Y.Doc; provider: WebsocketProvider; synced(): Promise<void>; destroy(): void };

/** A realtime server as tests run it: the test secret, logs silent unless TEST_LOG_LEVEL says otherwise. */
export function createTestRealtime(database: Database, options: Partial<RealtimeServerOptions> = {}): RealtimeServer {
  return createRealtimeServer({
    prisma: database.prisma,
    sql: database.sql,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
    authSecret: AUTH_SECRET,
    publicUrl: undefined,
    allowedOrigins: [],
    ...options,
  });
}

/** The realtime server on its own HTTP server on port 0, as the app mounts it (with /metrics). */
export async function startRealtime(database: Database, options: Partial<RealtimeServerOptions> = {}): Promise<RealtimeHarness> {
  const realtime = createTestRealtime(database, options);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const server = http.createServer((req, res) => {
    if (!serveMetrics(req, res, { token: undefined, address: req.socket.remoteAddress ?? "", text: () => realtime.metricsText(), logger })) res.writeHead(404).end();
  });
  server.on("upgrade", (req, socket, head) => realtime.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const clients = new Set<Client>();
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/realtime`,
    realtime,
    client(room, token, { connect = true } = {}) {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/realtime`, room, doc, {
        WebSocketPolyfill: WebSocket as never,
        params: token ? { token } : {},
        connect,
        disableBc: true,
        maxBackoffTime: 200,
      });
      const client: Client = {
        doc,
        provider,
        synced: () =>
          new Promise<void>((resolve) => {
            if (provider.synced) resolve();
            else provider.once("sync", (isSynced: boolean) => isSynced && resolve());
          }),
        destroy() {
          provider.destroy();
          doc.destroy();
          clients.delete(client);
        },
      };
      clients.add(client);
      return client;
    },
    async close() {
      for (const client of [...clients]) client.destroy();
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves when `check` holds, re-testing on every change of `doc`; rejects after `timeoutMs`. */
export function waitFor(doc: Y.Doc, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      doc.off("update", onUpdate);
      reject(new Error(`condition not met within ${timeoutMs} ms`));
    }, timeoutMs);
    const onUpdate = () => {
      if (!check()) return;
      clearTimeout(timer);
      doc.off("update", onUpdate);
      resolve();
    };
    doc.on("update", onUpdate);
  });
}

/** Opens a raw websocket and reports how the server answered: an HTTP refusal or a close. */
export function rawConnect(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string } | { opened: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once("open", () => resolve({ opened: socket }));
    socket.once("unexpected-response", (_, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once("error", reject);
  });
}

/** One sample of the server's /metrics, by metric name (labels included, e.g. `x{reason="invalid"}`). */
export async function readMetrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const space = line.lastIndexOf(" ");
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

/** A propaganda highlight by `author` on the first occurrence of `quote` in `text` (code points, as the schema counts). */
export function annotationOn(author: { userId: string; name: string }, text: string, quote = "“tactical” withdrawal"): AnnotationRecord {
  const start = codePointLength(text.slice(0, text.indexOf(quote)));
  const now = Date.now();
  return {
    id: randomUUID(),
    ...textQuoteAnchor(text, start, start + codePointLength(quote)),
    tag: "propaganda",
    technique: "loaded-language",
    authorId: author.userId,
    authorName: author.name,
    createdAt: now,
    updatedAt: now,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
  };
}
