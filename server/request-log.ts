import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@/lib/logger.ts";

/**
 * One line per request when the response is done. Only the path is logged, never the query
 * string (it can carry tokens) or headers (cookies, authorization). The address is the
 * client's as resolved through trusted proxies, so a log behind a proxy names visitors; the
 * request id (`reqId`) is the one errors logged inside Next.js carry too. Static build assets
 * are logged at debug so they do not drown the requests people make.
 */
export function logRequests(logger: Logger, req: IncomingMessage, res: ServerResponse, stamp: { address: string; requestId: string }): void {
  const started = process.hrtime.bigint();
  res.once("finish", () => {
    const path = (req.url ?? "/").split("?")[0];
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const level = path?.startsWith("/_next/") ? "debug" : "info";
    logger[level]({ reqId: stamp.requestId, method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10, address: stamp.address }, "request");
  });
}
