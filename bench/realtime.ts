// Realtime benchmark: the same workload against Marginalia's realtime server (auth, schema and
// permission checks, durable storage) and the bare y-websocket reference server (in memory,
// no checks), in one run on one machine. Prints one JSON line per server, then a summary.
// The servers run in this process; the clients (writers and observer) in a child process
// (bench/realtime-clients.ts), so the server's event loop is not shared with them.
//
//   npm run bench                      embedded PGlite (and PostgreSQL too when DATABASE_URL is set)
//   BENCH_CLIENTS=20 BENCH_UPDATES=200 npm run bench
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { setupWSConnection } from "@y/websocket-server/utils";
import { WebSocketServer } from "ws";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article.ts";
import { demoArticlePath } from "@/lib/documents/seed-demo-document.ts";
import { createLogger } from "@/lib/logger.ts";
import { LATENCY_WINDOW, quantile } from "@/server/realtime/metrics.ts";
import { createRealtimeServer } from "@/server/realtime/create-realtime-server.ts";
import type { ClientsJob, ClientsMessage, ClientsResult } from "./realtime-clients.ts";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 100);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 20);

type Target = {
  name: string;
  url: string;
  room: string;
  tokens: string[];
  authors: { id: string; name: string }[];
  close(): Promise<void>;
  /** Recent accept-to-stored and batch-commit times (ms), for servers that store. */
  durable?: () => number[];
  commit?: () => number[];
};

const article = parsePlainTextArticle(fs.readFileSync(demoArticlePath(), "utf8"));
const text = canonicalBodyText(article.blocks);

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/realtime`;
}

async function marginalia(name: string, databaseUrl: string | undefined): Promise<Target> {
  let database: Database;
  let dropDatabase = async () => {};
  if (databaseUrl) {
    const { default: pg } = await import("pg");
    const dbName = `marginalia_bench_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${dbName}`;
    database = await openDatabase({ databaseUrl: url.toString(), dataDir: null });
    dropDatabase = async () => {
      const drop = new pg.Client({ connectionString: databaseUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await drop.end();
    };
  } else {
    database = await openDatabase({ databaseUrl: undefined, dataDir: null });
  }
  await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
  const owner = await signUp(database.prisma, { email: "bench-0@example.org", name: "Bench 0", password: "bench password 0" });
  const document = await database.prisma.document.create({
    data: { workspaceId: owner.workspaceId, title: article.title, source: "bench", body: article.blocks, contentHash: "bench" },
  });
  const tokens: string[] = [];
  const authors: { id: string; name: string }[] = [];
  for (let index = 0; index < CLIENTS; index++) {
    const userId = index === 0 ? owner.userId : (await signUp(database.prisma, { email: `bench-${index}@example.org`, name: `Bench ${index}`, password: `bench password ${index}` })).userId;
    if (index > 0) await database.prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId, role: "EDITOR" } });
    tokens.push((await createApiToken(database.prisma, { userId }, { name: "bench" })).token);
    authors.push({ id: userId, name: `Bench ${index}` });
  }
  const realtime = createRealtimeServer({ prisma: database.prisma, sql: database.sql, logger: createLogger("silent"), authSecret: "b".repeat(43), publicUrl: undefined, allowedOrigins: [], limits: { connectionsPerMinutePerAddress: 10_000 } });
  const server = http.createServer();
  server.on("upgrade", (req, socket, head) => realtime.handleUpgrade(req, socket, head));
  const url = await listen(server);
  return {
    name,
    url,
    room: document.id,
    tokens,
    authors,
    durable: () => realtime.metrics.durableLatencies,
    commit: () => realtime.metrics.commitLatencies,
    async close() {
      await realtime.close();
      server.closeAllConnections();
      server.close();
      await database.close();
      await dropDatabase();
    },
  };
}

async function reference(): Promise<Target> {
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer();
  server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName: "bench" })));
  const url = await listen(server);
  const authors = Array.from({ length: CLIENTS }, (_, index) => ({ id: `ref-${index}`, name: `Bench ${index}` }));
  return {
    name: "y-websocket reference (in memory, no checks)",
    url,
    room: "bench",
    tokens: authors.map(() => ""),
    authors,
    async close() {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * Runs the workload from a separate process (bench/realtime-clients.ts), so this one measures
 * only the server: its CPU time and event-loop delay from the moment every client is synced.
 */
function runClients(job: ClientsJob): Promise<ClientsResult & { serverCpuMs: number; eventLoopDelay: IntervalHistogram }> {
  const child = fork(fileURLToPath(new URL("./realtime-clients.ts", import.meta.url)), { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const eventLoopDelay = monitorEventLoopDelay({ resolution: 5 });
  let cpu = process.cpuUsage();
  return new Promise((resolve, reject) => {
    child.on("message", (message: ClientsMessage) => {
      if (message.type === "ready") {
        cpu = process.cpuUsage();
        eventLoopDelay.enable();
        return;
      }
      eventLoopDelay.disable();
      const used = process.cpuUsage(cpu);
      resolve({ ...message, serverCpuMs: (used.user + used.system) / 1000, eventLoopDelay });
    });
    child.once("exit", (code) => reject(new Error(`the benchmark clients exited (${code}) without a result`)));
    child.send(job);
  });
}

async function run(target: Target) {
  const total = CLIENTS * UPDATES;
  const [load1m] = os.loadavg();
  const { broadcastMs, seconds, serverCpuMs, eventLoopDelay } = await runClients({ url: target.url, room: target.room, tokens: target.tokens, authors: target.authors, updatesPerClient: UPDATES, intervalMs: INTERVAL_MS, text });
  // Let the last batch reach storage before reading the durability figures.
  const expected = Math.min(total, LATENCY_WINDOW);
  for (let waited = 0; target.durable && target.durable().length < expected && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  const sorted = broadcastMs.sort((a, b) => a - b);
  const durable = [...(target.durable?.() ?? [])].sort((a, b) => a - b);
  const commit = [...(target.commit?.() ?? [])].sort((a, b) => a - b);
  return {
    server: target.name,
    clients: CLIENTS,
    updates: total,
    updatesPerSecond: Math.round(total / seconds),
    broadcastMsP50: Number(quantile(sorted, 0.5).toFixed(2)),
    broadcastMsP95: Number(quantile(sorted, 0.95).toFixed(2)),
    broadcastMsMax: Number((sorted.at(-1) ?? 0).toFixed(2)),
    ...(target.durable ? { durableMsP50: Number(quantile(durable, 0.5).toFixed(2)), durableMsP95: Number(quantile(durable, 0.95).toFixed(2)), durableMsMax: Number((durable.at(-1) ?? 0).toFixed(2)), durableSamples: durable.length } : {}),
    ...(target.commit ? { commitMsP50: Number(quantile(commit, 0.5).toFixed(2)), commitMsP95: Number(quantile(commit, 0.95).toFixed(2)), commitSamples: commit.length } : {}),
    // The server process alone (with PGlite, the database too): what it costs, and how long it kept updates waiting.
    serverCpuMs: Math.round(serverCpuMs),
    eventLoopDelayMsP99: Number((eventLoopDelay.percentile(99) / 1e6).toFixed(2)),
    eventLoopDelayMsMax: Number((eventLoopDelay.max / 1e6).toFixed(2)),
    // Others' work on the same machine shows in every figure: the 1-minute load average at the start.
    load1m: Number(load1m!.toFixed(2)),
  };
}

const targets: (() => Promise<Target>)[] = [reference, () => marginalia("marginalia (PGlite)", undefined)];
if (process.env.DATABASE_URL) targets.push(() => marginalia("marginalia (PostgreSQL)", process.env.DATABASE_URL));

const results = [];
for (const make of targets) {
  const target = await make();
  const result = await run(target);
  await target.close();
  console.log(JSON.stringify(result));
  results.push(result);
}
const [baseline, ...ours] = results;
for (const result of ours) {
  console.log(
    `${result.server}: broadcast p95 ${result.broadcastMsP95} ms vs reference ${baseline!.broadcastMsP95} ms; ` +
      `stored within ${result.durableMsP95} ms at p95 (target 100 ms) for ${result.updates} updates from ${CLIENTS} clients.`,
  );
}
process.exit(0);
