// The realtime benchmark a skeptic would run (how to run and read it: bench/README.md).
//
// Each server under test runs in its own process (bench/realtime-server.ts): Marginalia's
// realtime server on the embedded PGlite (or PostgreSQL), and the bare @y/websocket-server
// 0.1.1 as the reference, measured in the same run with the same workload, interleaved
// (reference, ours, reference, ours ...). The clients are stock y-websocket providers in load
// generator processes of their own (bench/realtime-clients.ts), each from its own loopback
// address with its own API token, creating schema-valid highlights. Server CPU and memory are
// read from /proc/<pid> of the server process. Only loopback is ever contacted.
//
//   npm run bench                                   every workload, 2 interleaved rounds
//   npx tsx bench/realtime.ts --workloads=a,b --seconds=10 --rounds=1
//   npx tsx bench/realtime.ts --scale=0.1 --seconds=5   a short sanity pass (a tenth of the clients)
//   npx tsx bench/realtime.ts --workloads=a --profile   CPU profile of our server into bench/profiles/
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { signUp } from "@/lib/auth/sign-up.ts";
import { openDatabase } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article.ts";
import { demoArticlePath } from "@/lib/documents/seed-demo-document.ts";
import { createClassMembers } from "@/prisma/factories/create-class-members.ts";
import type { BenchClient, ChildMessage, ClientsJob, ParentMessage } from "./realtime-clients.ts";

const { values: flags } = parseArgs({
  options: {
    workloads: { type: "string", default: "a,b,c,d,e" },
    rounds: { type: "string", default: "2" },
    seconds: { type: "string", default: "30" },
    scale: { type: "string", default: "1" },
    profile: { type: "boolean", default: false },
    "connect-timeout": { type: "string", default: "120" },
  },
});
const ROUNDS = Math.max(1, Math.min(10, Number(flags.rounds)));
const SECONDS = Math.max(1, Math.min(600, Number(flags.seconds)));
const CONNECT_TIMEOUT_MS = Math.max(1, Math.min(600, Number(flags["connect-timeout"]))) * 1000;
const SCALE = Math.max(0.001, Math.min(1, Number(flags.scale)));
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLK_TCK = 100;
const scaled = (count: number) => Math.max(2, Math.round(count * SCALE));

type ServerKind = "reference" | "pglite" | "postgres";
type Workload = {
  key: string;
  title: string;
  clients: number;
  writers: number;
  writesPerSecond: number;
  rooms: number;
  servers: ServerKind[];
  /** Whether clients write (fan-out, CPU) or only connect and hold (sync time, memory). */
  writes: boolean;
};

const postgresUrl = process.env.DATABASE_URL;
const WORKLOADS: Workload[] = [
  { key: "a", title: "200 clients, 20 writers at 1/s", clients: scaled(200), writers: scaled(20), writesPerSecond: 1, rooms: 1, servers: ["reference", "pglite"], writes: true },
  { key: "b", title: "50 clients, 50 writers at 1/s", clients: scaled(50), writers: scaled(50), writesPerSecond: 1, rooms: 1, servers: ["reference", "pglite"], writes: true },
  { key: "c", title: "1,000 clients in one room, time until all synced", clients: scaled(1000), writers: 0, writesPerSecond: 0, rooms: 1, servers: ["reference", "pglite"], writes: false },
  { key: "d", title: "5,000 idle sockets across 50 rooms, memory per socket", clients: scaled(5000), writers: 0, writesPerSecond: 0, rooms: Math.max(1, Math.round(50 * SCALE)), servers: ["reference", "pglite"], writes: false },
  { key: "e", title: "durable latency at 100 updates/s", clients: 10, writers: 10, writesPerSecond: 10, rooms: 1, servers: postgresUrl ? ["pglite", "postgres"] : ["pglite"], writes: true },
];

const article = parsePlainTextArticle(fs.readFileSync(demoArticlePath(), "utf8"));
const text = canonicalBodyText(article.blocks);

/** Client i's own loopback address: 127.1.0.1, 127.1.0.2, ... (all of 127.0.0.0/8 reaches this machine). */
function loopback(index: number): string {
  const n = index + 1;
  return `127.${1 + ((n >> 16) & 0x7f)}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

type Prepared = { env: Record<string, string>; rooms: string[]; clients: Omit<BenchClient, "room" | "writer" | "localAddress">[]; cleanup(): Promise<void> };

/** A fresh database with the schema, one workspace, the rooms' documents and a member (with token) per client. */
async function prepare(kind: ServerKind, workload: Workload): Promise<Prepared> {
  if (kind === "reference") {
    const clients = Array.from({ length: workload.clients }, (_, index) => ({ token: "", authorId: `reference-${index}`, authorName: `Student ${index + 1}` }));
    return { env: { BENCH_SERVER: "reference" }, rooms: Array.from({ length: workload.rooms }, () => randomUUID()), clients, cleanup: async () => {} };
  }
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (kind === "postgres") {
    const { default: pg } = await import("pg");
    const name = `marginalia_bench_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(postgresUrl!);
    url.pathname = `/${name}`;
    env = { BENCH_SERVER: "marginalia", DATABASE_URL: url.toString() };
    cleanup = async () => {
      const drop = new pg.Client({ connectionString: postgresUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await drop.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-bench-"));
    env = { BENCH_SERVER: "marginalia", BENCH_DATA_DIR: dir, DATABASE_URL: "" };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  // One process owns a PGlite folder at a time: this one fills it and closes it before the server opens it.
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.BENCH_DATA_DIR ?? null });
  try {
    await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
    const teacher = await signUp(database.prisma, { email: "bench-teacher@example.org", name: "Teacher", password: "bench teacher password" });
    const rooms: string[] = [];
    for (let index = 0; index < workload.rooms; index++) {
      const document = await database.prisma.document.create({ data: { workspaceId: teacher.workspaceId, title: `${article.title} ${index}`, source: "bench", body: article.blocks, contentHash: `bench-${index}` } });
      rooms.push(document.id);
    }
    const members = await createClassMembers(database.prisma, teacher.workspaceId, workload.clients, { label: "bench" });
    return { env, rooms, clients: members.map((member) => ({ token: member.token, authorId: member.userId, authorName: member.name })), cleanup };
  } finally {
    await database.close();
  }
}

type ServerProcess = { child: ChildProcess; url: string; httpUrl: string };

async function startServer(prepared: Prepared, profile: boolean): Promise<ServerProcess> {
  const profileDir = path.join(HERE, "profiles");
  const execArgv = ["--import", "tsx", ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])];
  const child = fork(path.join(HERE, "realtime-server.ts"), { execArgv, env: { ...process.env, ...prepared.env }, stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server under test exited (${code}) before listening`)));
    child.stdout!.once("data", (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port));
  });
  child.removeAllListeners("exit");
  return { child, url: `ws://127.0.0.1:${port}/realtime`, httpUrl: `http://127.0.0.1:${port}` };
}

async function stopServer(server: ServerProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  server.child.kill("SIGTERM");
  await exited;
}

/** User + system CPU of a process, in ms, from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Resident memory of a process in bytes, from /proc/<pid>/status. */
function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) * 1024;
}

/** The durable-latency histogram of our server, as cumulative bucket counts by upper bound (s). */
async function durableBuckets(server: ServerProcess): Promise<Map<number, number>> {
  const body = await (await fetch(`${server.httpUrl}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const match of body.matchAll(/^marginalia_realtime_durable_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)) {
    buckets.set(match[1] === "+Inf" ? Infinity : Number(match[1]), Number(match[2]));
  }
  return buckets;
}

/** The upper bound (ms) of the bucket holding quantile q of the samples between two scrapes: never an underestimate. */
function bucketQuantile(before: Map<number, number>, after: Map<number, number>, q: number): { ms: number; samples: number } {
  const bounds = [...after.keys()].sort((x, y) => x - y);
  const counts = bounds.map((bound) => (after.get(bound) ?? 0) - (before.get(bound) ?? 0));
  const samples = counts.at(-1) ?? 0;
  const index = counts.findIndex((count) => count >= q * samples);
  return { ms: samples === 0 || index < 0 ? NaN : bounds[index]! * 1000, samples };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

type Generator = { child: ChildProcess; next(type: ChildMessage["type"]): Promise<ChildMessage> };

function startGenerator(): Generator {
  const child = fork(path.join(HERE, "realtime-clients.ts"), { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  // Messages wait here until asked for, so one that arrives early is not lost.
  const inbox: ChildMessage[] = [];
  const waiting: ((message: ChildMessage) => void)[] = [];
  child.on("message", (message: ChildMessage) => {
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const failed = new Promise<never>((_, reject) => child.once("exit", (code) => code !== 0 && reject(new Error(`a load generator exited (${code})`))));
  failed.catch(() => {});
  return {
    child,
    next: (type) =>
      Promise.race([
        new Promise<ChildMessage>((resolve) => {
          const early = inbox.shift();
          if (early) resolve(early);
          else waiting.push(resolve);
        }).then((message) => {
          if (message.type !== type) throw new Error(`expected ${type} from a load generator, got ${message.type}`);
          return message;
        }),
        failed,
      ]),
  };
}

async function run(workload: Workload, kind: ServerKind, roundIndex: number) {
  const prepared = await prepare(kind, workload);
  const server = await startServer(prepared, flags.profile && kind !== "reference");
  const pid = server.child.pid!;
  // One generator per 500 clients (at most 8): one process's event loop must not be what limits the load.
  const generatorCount = Math.min(8, Math.ceil(workload.clients / 500));
  const clients: BenchClient[] = prepared.clients.map((client, index) => ({
    ...client,
    room: prepared.rooms[index % prepared.rooms.length]!,
    writer: index < workload.writers,
    localAddress: loopback(index),
  }));
  const generators = Array.from({ length: generatorCount }, startGenerator);
  try {
    await Promise.all(generators.map((generator) => generator.next("ready")));
    const rssIdle = rssBytes(pid);
    const connectStarted = performance.now();
    const synced = generators.map((generator) => generator.next("synced"));
    generators.forEach((generator, index) => {
      const job: ClientsJob = { url: server.url, clients: clients.filter((_, client) => client % generatorCount === index), text, writesPerSecond: workload.writesPerSecond, durationMs: SECONDS * 1000, connectTimeoutMs: CONNECT_TIMEOUT_MS };
      generator.child.send({ type: "job", ...job } satisfies ParentMessage);
    });
    const syncedMessages = (await Promise.all(synced)).flatMap((message) => (message.type === "synced" ? [message] : []));
    const connectMs = syncedMessages.flatMap((message) => message.connectMs).sort((x, y) => x - y);
    const unsynced = syncedMessages.reduce((sum, message) => sum + message.unsynced, 0);
    const allSyncedMs = unsynced > 0 ? NaN : performance.now() - connectStarted;
    // Let the sockets settle (handshake garbage, first pings) before reading memory.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rssConnected = rssBytes(pid);
    const result: Record<string, unknown> = {
      workload: workload.key,
      server: kind,
      round: roundIndex,
      clients: workload.clients,
      connectMsP50: round2(quantile(connectMs, 0.5)),
      connectMsP99: round2(quantile(connectMs, 0.99)),
      allSyncedMs: Math.round(allSyncedMs),
      // Clients still not synced when the connect timeout ran out: a failed run, reported as such.
      unsynced,
      rssIdleMiB: round2(rssIdle / 2 ** 20),
      rssMiB: round2(rssConnected / 2 ** 20),
      bytesPerSocket: Math.round((rssConnected - rssIdle) / workload.clients),
    };
    if (workload.writes && unsynced === 0) {
      const durableBefore = kind === "reference" ? undefined : await durableBuckets(server);
      const cpuBefore = cpuMs(pid);
      const written = generators.map((generator) => generator.next("written"));
      for (const generator of generators) generator.child.send({ type: "write" } satisfies ParentMessage);
      const writes = (await Promise.all(written)).reduce((sum, message) => sum + (message.type === "written" ? message.writes : 0), 0);
      const results = generators.map((generator) => generator.next("result"));
      for (const generator of generators) generator.child.send({ type: "drain", total: writes, timeoutMs: 30_000 } satisfies ParentMessage);
      const drained = (await Promise.all(results)).flatMap((message) => (message.type === "result" ? [message] : []));
      const cpu = cpuMs(pid) - cpuBefore;
      const fanOut = drained.flatMap((message) => message.fanOutMs).sort((x, y) => x - y);
      Object.assign(result, {
        updates: writes,
        missing: drained.reduce((sum, message) => sum + message.missing, 0),
        fanOutMsP50: round2(quantile(fanOut, 0.5)),
        fanOutMsP99: round2(quantile(fanOut, 0.99)),
        fanOutSamples: fanOut.length,
        serverCpuMs: Math.round(cpu),
        cpuMsPer1000Updates: round2((cpu / writes) * 1000),
        rssAfterMiB: round2(rssBytes(pid) / 2 ** 20),
      });
      if (durableBefore) {
        // Everything received was stored or is about to be: wait (bounded) for the last batch.
        let durableAfter = await durableBuckets(server);
        for (let tries = 0; tries < 50 && bucketQuantile(durableBefore, durableAfter, 1).samples < writes; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          durableAfter = await durableBuckets(server);
        }
        const p50 = bucketQuantile(durableBefore, durableAfter, 0.5);
        Object.assign(result, { durableMsP50AtMost: p50.ms, durableMsP95AtMost: bucketQuantile(durableBefore, durableAfter, 0.95).ms, durableSamples: p50.samples });
      }
    }
    result.load1m = round2(os.loadavg()[0]!);
    return result;
  } finally {
    for (const generator of generators) {
      if (generator.child.exitCode === null) generator.child.send({ type: "stop" } satisfies ParentMessage);
    }
    await stopServer(server);
    await prepared.cleanup();
  }
}

const median = (values: number[]) => quantile([...values].sort((x, y) => x - y), 0.5);
const selected = WORKLOADS.filter((workload) => flags.workloads.split(",").includes(workload.key));
const results: Record<string, unknown>[] = [];
for (const workload of selected) {
  for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
    for (const kind of workload.servers) {
      const result = await run(workload, kind, roundIndex);
      console.log(JSON.stringify(result));
      results.push(result);
    }
  }
}

// The summary: medians over rounds, and the ratios the targets are stated in.
const rows: string[][] = [["workload", "server", "fan-out p50/p99 ms", "CPU ms/1k upd", "all synced ms", "RSS MiB", "bytes/socket", "durable p95 ≤ ms"]];
const ratios: string[] = [];
for (const workload of selected) {
  const figures = (kind: ServerKind, key: string) => median(results.filter((result) => result.workload === workload.key && result.server === kind).map((result) => Number(result[key])));
  for (const kind of workload.servers) {
    const value = (key: string) => figures(kind, key);
    rows.push([
      workload.key, kind,
      workload.writes ? `${value("fanOutMsP50")} / ${value("fanOutMsP99")}` : "-",
      workload.writes ? String(value("cpuMsPer1000Updates")) : "-",
      String(value("allSyncedMs")), String(value("rssMiB")), String(value("bytesPerSocket")),
      kind === "reference" || !workload.writes ? "-" : String(value("durableMsP95AtMost")),
    ]);
  }
  const ratio = (key: string) => round2(figures("pglite", key) / figures("reference", key));
  if (workload.key === "a" || workload.key === "b") ratios.push(`${workload.key}: fan-out p99 ${ratio("fanOutMsP99")}× (target ≤ 1.5×), CPU ${ratio("cpuMsPer1000Updates")}× (target ≤ 3×)`);
  if (workload.key === "c") ratios.push(`c: all synced ${ratio("allSyncedMs")}× (target ≤ 3×)`);
  if (workload.key === "d") ratios.push(`d: ${round2(figures("pglite", "bytesPerSocket") / 1024)} KiB per socket (target ≤ 32 KiB; reference ${round2(figures("reference", "bytesPerSocket") / 1024)} KiB)`);
  if (workload.key === "e") for (const kind of workload.servers) ratios.push(`e: ${kind} durable p95 ≤ ${figures(kind, "durableMsP95AtMost")} ms (target ≤ 100 ms)`);
}
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
console.log(`\n${rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ")).join("\n")}\n\n${ratios.join("\n")}`);
console.log(`(${ROUNDS} round(s), ${SECONDS} s of writing, scale ${SCALE}; 1-minute load average at the end ${round2(os.loadavg()[0]!)} on ${os.cpus().length} cores)`);
process.exit(0);
