import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { registerAppContext } from "@/lib/app-context.ts";
import { resolveAuthSecret } from "@/lib/auth/auth-secret.ts";
import { createJoinLimiter } from "@/lib/classroom/join-limits.ts";
import { createApiLimiter } from "@/lib/limits/api-limiter.ts";
import { createRateLimits } from "@/lib/limits/rate-limits.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { seedDemoExampleKey } from "@/lib/classroom/seed-demo-example-key.ts";
import type { AppConfig } from "@/lib/env.ts";
import { trustedProxies } from "@/lib/http/trusted-proxies.ts";
import type { Logger } from "@/lib/logger.ts";
import { createRealtimeServer, type RealtimeServer } from "./realtime/create-realtime-server.ts";
import { REALTIME_PATH_PREFIX } from "./realtime/authenticate-upgrade.ts";
import { applySecurityHeaders, refusalSecurityHeaders } from "./apply-security-headers.ts";
import { serveMetrics } from "./serve-metrics.ts";
import { logRequests } from "./request-log.ts";
import { stampRequest } from "./stamp-request.ts";
import { scheduleSessionPurge } from "./schedule-session-purge.ts";

export type AppServerOptions = {
  config: AppConfig;
  logger: Logger;
  /** Next.js dev mode (hot reload) instead of serving the production build. */
  dev?: boolean;
};

export type AppServer = {
  database: Database;
  realtime: RealtimeServer;
  listen(): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
};

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export class MissingBuildError extends Error {
  override name = "MissingBuildError";
}

/** Opens the database, brings its schema up to date and seeds the demo article. */
export async function prepareDatabase(config: AppConfig, logger: Logger): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, serveLocalSocket: true });
  if (database.localSocket?.served) logger.info({ socket: database.localSocket.path }, "embedded database shared with local tools (npm run cli -- db:psql)");
  else if (database.localSocket) logger.warn({ reason: database.localSocket.reason }, "embedded database not shared with local tools: the CLI needs the server stopped");
  try {
    const applied = await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
    logger.info({ database: database.kind, applied }, applied.length ? "migrations applied" : "database schema up to date");
    const demo = await seedDemoDocument(database.prisma);
    if (demo.created) logger.info({ documentId: demo.id }, "demo article seeded");
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The one process that serves Marginalia: Next.js pages and route handlers, the realtime
 * websocket endpoint (/realtime/<room>) and /metrics on one port. Nothing lives at module
 * level, so tests can run several on port 0.
 */
export async function createAppServer({ config, logger, dev = false }: AppServerOptions): Promise<AppServer> {
  const database = await prepareDatabase(config, logger);
  let authSecret: string;
  try {
    authSecret = await resolveAuthSecret(database.prisma, config.authSecret);
  } catch (error) {
    await database.close();
    throw error;
  }
  const trusted = trustedProxies(config.trustedProxies);
  const headerPolicy = { frameAncestors: config.frameAncestors, dev, trusted };
  // One set of counts for the REST API, join codes and realtime upgrades: in Redis when set, so
  // every process of a deployment refuses together.
  const rateLimits = createRateLimits({ logger, redisUrl: config.redisUrl, keyPrefix: config.limits.keyPrefix });
  const realtime = createRealtimeServer({
    prisma: database.prisma,
    sql: database.sql,
    logger,
    authSecret,
    publicUrl: config.publicUrl,
    allowedOrigins: config.realtimeAllowedOrigins,
    redisUrl: config.redisUrl,
    trustedProxies: trusted,
    refusalHeaders: (req) => refusalSecurityHeaders(req, headerPolicy),
    rateLimits,
    limits: {
      connectionsPerMinutePerAddress: config.limits.realtimePerAddress,
      connectionsPerMinutePerCredential: config.limits.realtimePerCredential,
      maxPendingUpgradesPerAddress: config.limits.realtimePendingPerAddress,
      handshakeTimeoutMs: config.limits.realtimeHandshakeTimeoutMs,
    },
  });
  const joinLimiter = createJoinLimiter(rateLimits);
  const apiLimiter = createApiLimiter(rateLimits, config.limits);
  registerAppContext({ config, database, logger, authSecret, realtime, joinLimiter, apiLimiter });
  const sessionPurge = scheduleSessionPurge({ prisma: database.prisma, realtime, logger, retentionDays: config.classroomRetentionDays });
  // Through the realtime server, which exists only now: the demo's room and its projection stay one.
  // A demo without its key is still a working app, so a failure here is logged, not fatal.
  await seedDemoExampleKey(database.prisma, realtime, logger).catch((error: unknown) => {
    logger.error({ err: error }, "could not write the example key to the demo");
  });

  const nextApp = next({ dev, dir: PROJECT_ROOT, hostname: config.host, port: config.port, quiet: !dev });
  try {
    await nextApp.prepare();
  } catch (error) {
    registerAppContext(undefined);
    await sessionPurge.stop();
    await realtime.close();
    await rateLimits.close();
    await database.close();
    if (!dev && error instanceof Error && /production build/i.test(error.message)) {
      throw new MissingBuildError("No production build found in .next/: run `npm run build` first (or `npm run quickstart`).");
    }
    throw error;
  }
  const handle = nextApp.getRequestHandler();

  const { headersTimeoutMs } = config.limits;
  const serverOptions: http.ServerOptions = {
    // A client trickling its headers (slowloris), or opening a socket and saying nothing, is
    // cut off once this passes; Node looks for such sockets every connectionsCheckingInterval.
    headersTimeout: headersTimeoutMs,
    requestTimeout: Math.max(300_000, headersTimeoutMs),
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(headersTimeoutMs / 4))),
  };
  const metricsText = async () => (await realtime.metricsText()) + (await rateLimits.metricsText());
  const server = http.createServer(serverOptions, (req, res) => {
    const { address, requestId } = stampRequest(req, res, trusted);
    applySecurityHeaders(req, res, headerPolicy);
    logRequests(logger, req, res, { address, requestId });
    if (serveMetrics(req, res, { token: config.metricsToken, address, text: metricsText, logger })) return;
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, reqId: requestId, path: req.url?.split("?")[0] }, "unhandled request error");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal server error");
    });
  });

  let closing: Promise<void> | undefined;
  // Realtime upgrades are ours; Next.js handles its own (hot reload in dev) and ignores these.
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith(REALTIME_PATH_PREFIX)) return;
    // Stopping: a reconnect on a kept-alive socket goes elsewhere (a proxy retries another process).
    if (closing) {
      const headers = Object.entries(refusalSecurityHeaders(req, headerPolicy)).map(([name, value]) => `${name}: ${value}\r\n`);
      return void socket.end(`HTTP/1.1 503 Service Unavailable\r\n${headers.join("")}Connection: close\r\nRetry-After: 1\r\n\r\n`);
    }
    realtime.handleUpgrade(req, socket, head);
  });

  return {
    database,
    realtime,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          server.off("error", reject);
          const { port } = server.address() as AddressInfo;
          const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
          resolve({ port, url: `http://${host.includes(":") ? `[${host}]` : host}:${port}` });
        });
      }),
    close() {
      closing ??= (async () => {
        // No new connections from here on: a proxy sends newcomers (and reconnecting clients) to another process.
        const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeIdleConnections();
        await sessionPurge.stop();
        // Then every accepted update is stored before connections and the database go.
        await realtime.close();
        await rateLimits.close();
        const stragglers = setTimeout(() => server.closeAllConnections(), 5_000);
        stragglers.unref();
        await httpClosed;
        clearTimeout(stragglers);
        await nextApp.close();
        registerAppContext(undefined);
        await database.close();
      })();
      return closing;
    },
  };
}
