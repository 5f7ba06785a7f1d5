import type { IncomingMessage, ServerResponse } from "node:http";
import { prometheusContentType } from "prom-client";
import type { Logger } from "@/lib/logger.ts";

const LOOPBACK = new Set(["127.0.0.1", "::1"]);

export type ServeMetricsOptions = {
  token: string | undefined;
  /**
   * The client's address as resolved through trusted proxies (server/resolve-client-address.ts):
   * behind a reverse proxy on the same machine every peer is loopback, and the rule must see
   * the visitor rather than the proxy.
   */
  address: string;
  text: () => Promise<string>;
  logger: Logger;
};

/**
 * GET /metrics in Prometheus text format. Readable from loopback, or from anywhere with
 * `Authorization: Bearer <METRICS_TOKEN>` when one is configured. Returns whether it answered.
 */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, options: ServeMetricsOptions): boolean {
  if (req.url !== "/metrics" && !req.url?.startsWith("/metrics?")) return false;
  const allowed = options.token ? req.headers.authorization === `Bearer ${options.token}` : LOOPBACK.has(options.address);
  if (!allowed) {
    res.writeHead(403, { "content-type": "text/plain" }).end("Metrics are available from this machine, or with the metrics token.\n");
  } else if (req.method !== "GET") {
    res.writeHead(405, { allow: "GET" }).end();
  } else {
    options.text().then(
      (text) => res.writeHead(200, { "content-type": prometheusContentType, "cache-control": "no-store" }).end(text),
      (error: unknown) => {
        options.logger.error({ err: error }, "could not collect metrics");
        res.writeHead(500, { "content-type": "text/plain" }).end("Could not collect metrics.\n");
      },
    );
  }
  return true;
}
