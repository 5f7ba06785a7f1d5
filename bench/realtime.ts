// Realtime benchmark: the same workload against Marginalia's realtime server (auth, schema and
// permission checks, durable storage) and the bare y-websocket reference server (in memory,
// no checks), in one run on one machine. Prints one JSON line per server, then a summary.
//
//   npm run bench                      embedded PGlite (and PostgreSQL too when DATABASE_URL is set)
//   BENCH_CLIENTS=20 BENCH_UPDATES=200 npm run bench
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setupWSConnection } from "@y/websocket-server/utils";
import { WebSocket, WebSocketServer } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article.ts";
import { demoArticlePath } from "@/lib/documents/seed-demo-document.ts";
import { createLogger } from "@/lib/logger.ts";
import { quantile } from "@/server/realtime/metrics.ts";
import { createRealtimeServer } from "@/server/realtime/create-realtime-server.ts";
import fs from "node:fs";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 100);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 20);

type Target = { name: string; url: string; room: string; tokens: string[]; authors: { id: string; name: string }[]; close(): Promise<void>; durable?: () => number[] };

const article = parsePlainTextArticle(fs.readFileSync(demoArticlePath(), "utf8"));
const text = canonicalBodyText(article.blocks);
const textLength = codePointLength(text);

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

function connect(target: Target, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(target.url, target.room, doc, { WebSocketPolyfill: WebSocket as never, params: token ? { token } : {}, disableBc: true });
  return { doc, provider, synced: new Promise<void>((resolve) => provider.once("sync", () => resolve())) };
}

async function run(target: Target) {
  const observer = connect(target, target.tokens[0]!);
  const writers = target.authors.map((_, index) => connect(target, target.tokens[index]!));
  await Promise.all([observer.synced, ...writers.map((writer) => writer.synced)]);

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const total = CLIENTS * UPDATES;
  const allSeen = new Promise<void>((resolve) => {
    observer.doc.getMap("annotations").observe((event) => {
      const now = performance.now();
      for (const key of event.keysChanged) {
        const started = key ? sentAt.get(key) : undefined;
        if (started !== undefined) {
          latencies.push(now - started);
          sentAt.delete(key!);
        }
      }
      if (latencies.length >= total) resolve();
    });
  });

  const began = performance.now();
  await Promise.all(
    writers.map(async (writer, index) => {
      const author = target.authors[index]!;
      for (let update = 0; update < UPDATES; update++) {
        const start = Math.floor(Math.random() * (textLength - 20));
        const id = randomUUID();
        const now = Date.now();
        sentAt.set(id, performance.now());
        writeAnnotation(writer.doc, {
          id, ...textQuoteAnchor(text, start, start + 12), tag: "propaganda", technique: null, authorId: author.id, authorName: author.name,
          createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
        });
        await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
      }
    }),
  );
  await allSeen;
  const seconds = (performance.now() - began) / 1000;
  // Let the last batch reach storage before reading the durability figures.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const sorted = latencies.sort((a, b) => a - b);
  const durable = [...(target.durable?.() ?? [])].sort((a, b) => a - b);
  for (const client of [observer, ...writers]) client.provider.destroy();
  return {
    server: target.name,
    clients: CLIENTS,
    updates: total,
    updatesPerSecond: Math.round(total / seconds),
    broadcastMsP50: Number(quantile(sorted, 0.5).toFixed(2)),
    broadcastMsP95: Number(quantile(sorted, 0.95).toFixed(2)),
    broadcastMsMax: Number((sorted.at(-1) ?? 0).toFixed(2)),
    ...(target.durable ? { durableMsP50: Number(quantile(durable, 0.5).toFixed(2)), durableMsP95: Number(quantile(durable, 0.95).toFixed(2)), durableMsMax: Number((durable.at(-1) ?? 0).toFixed(2)), durableSamples: durable.length } : {}),
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
