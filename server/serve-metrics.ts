import type { IncomingMessage, ServerResponse } from "node:http";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * GET /metrics in Prometheus text format. Readable from loopback, or from anywhere with
 * `Authorization: Bearer <METRICS_TOKEN>` when one is configured. Returns whether it answered.
 */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, options: { token: string | undefined; text: () => string }): boolean {
  if (req.url !== "/metrics" && !req.url?.startsWith("/metrics?")) return false;
  const allowed = options.token ? req.headers.authorization === `Bearer ${options.token}` : LOOPBACK.has(req.socket.remoteAddress ?? "");
  if (!allowed) {
    res.writeHead(403, { "content-type": "text/plain" }).end("Metrics are available from this machine, or with the metrics token.\n");
  } else if (req.method !== "GET") {
    res.writeHead(405, { allow: "GET" }).end();
  } else {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4", "cache-control": "no-store" }).end(options.text());
  }
  return true;
}
