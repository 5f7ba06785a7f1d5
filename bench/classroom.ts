// The classroom benchmark (how to run and read it: bench/README.md, "The classroom benchmark").
//
// A class of 150 students joins through POST /api/v1/sessions/join from ONE address (a school
// behind one public IP), then each, a stock y-websocket WebsocketProvider in a load-generator
// process of its own (this file, forked with BENCH_ROLE=students), connects with ?token= to its
// own session room and all tag at once (a few highlights each). The teacher's dashboard, a provider on the session's
// `class` view in this process, measures how long each highlight takes to appear there (from
// the student's createdAt, a wall clock shared by every process on the machine). The server
// is the whole app (Next.js and the realtime server, server/create-app-server.ts) on the
// embedded PGlite, alone in its process (this file, BENCH_ROLE=app), whose CPU is read from
// /proc. It serves the production build (`npx next build` first). For reference, the same class
// tagging into one shared room of the bare @y/websocket-server 0.1.1 (no storage, no checks,
// no privacy between students), seen by one client there.
//
//   npm run bench (runs it after the realtime benchmark)
//   npx tsx bench/classroom.ts --students=150 --highlights=3
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { sessionRoomName } from "@/lib/classroom/session-rooms.ts";
import { readConfig } from "@/lib/env.ts";
import { openDatabase } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { readAnnotations } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { createLogger } from "@/lib/logger.ts";
import { createAppServer } from "@/server/create-app-server.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLK_TCK = 100;
const CONNECT_TIMEOUT_MS = 120_000;
const DRAIN_TIMEOUT_MS = 60_000;

type Student = { participantId: string; name: string; token: string; room: string };
type StudentsJob = { url: string; students: Student[]; text: string; highlights: number; sharedRoom: string | null };
type FromStudents = { type: "connected"; ms: number } | { type: "wrote"; count: number } | { type: "error"; message: string };
type ToStudents = { type: "start"; job: StudentsJob } | { type: "write" } | { type: "stop" };

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** A highlight by a student on the `index`-th stretch of the text (spread so the heatmap has work). */
function highlightOf(text: string, student: { participantId: string; name: string }, index: number): AnnotationRecord {
  const length = codePointLength(text);
  const start = Math.floor(((index * 7919) % Math.max(1, length - 40)));
  const now = Date.now();
  return {
    id: randomUUID(),
    ...textQuoteAnchor(text, start, start + 20),
    tag: (["propaganda", "sourcing", "context"] as const)[index % 3]!,
    technique: null,
    authorId: student.participantId,
    authorName: student.name,
    createdAt: now,
    updatedAt: now,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
  };
}

// --- the load generator: 150 students in one process, one address -----------------------------

async function runStudents() {
  const send = (message: FromStudents) => process.send!(message);
  let job: StudentsJob | null = null;
  const docs: { doc: Y.Doc; provider: WebsocketProvider; student: Student }[] = [];
  process.on("message", async (message: ToStudents) => {
    try {
      if (message.type === "start") {
        job = message.job;
        const begun = performance.now();
        await Promise.all(
          job.students.map(
            (student) =>
              new Promise<void>((resolve, reject) => {
                const doc = new Y.Doc();
                const provider = new WebsocketProvider(job!.url, job!.sharedRoom ?? student.room, doc, {
                  WebSocketPolyfill: WebSocket as never,
                  params: job!.sharedRoom ? {} : { token: student.token },
                  disableBc: true,
                });
                docs.push({ doc, provider, student });
                const timer = setTimeout(() => reject(new Error(`student ${student.name} did not sync within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
                provider.once("sync", () => {
                  clearTimeout(timer);
                  resolve();
                });
              }),
          ),
        );
        send({ type: "connected", ms: performance.now() - begun });
      } else if (message.type === "write" && job) {
        let count = 0;
        // Everyone at once: each student's highlights in the same tick of this process.
        for (const [index, { doc, student }] of docs.entries()) {
          for (let n = 0; n < job.highlights; n++) {
            writeAnnotation(doc, highlightOf(job.text, student, index * job.highlights + n));
            count++;
          }
        }
        send({ type: "wrote", count });
      } else if (message.type === "stop") {
        for (const { provider, doc } of docs) {
          provider.destroy();
          doc.destroy();
        }
        process.exit(0);
      }
    } catch (error) {
      send({ type: "error", message: (error as Error).message });
    }
  });
}

// --- the orchestrator ----------------------------------------------------------------------------

type Prepared = { dataDir: string; documentId: string; teacherToken: string; text: string };

/** A fresh PGlite folder with a teacher (API token) and their copy of the demo article. */
async function prepare(): Promise<Prepared> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-bench-classroom-"));
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
    // A new account's workspace starts with a copy of the demo article: the lesson's text.
    await seedDemoDocument(database.prisma);
    const teacher = await signUp(database.prisma, { email: "teacher@bench.example", name: "Teacher", password: "bench password long" });
    const { token } = await createApiToken(database.prisma, { userId: teacher.userId }, { name: "bench" });
    const document = await database.prisma.document.findFirstOrThrow({ where: { workspaceId: teacher.workspaceId } });
    return { dataDir, documentId: document.id, teacherToken: token, text: canonicalBodyText(bodySchema.parse(document.body)) };
  } finally {
    await database.close();
  }
}

/** The teacher starts a blind session; the class joins with its code, everyone from 127.0.0.1, all at once. */
async function enrol(httpUrl: string, prepared: Prepared, count: number): Promise<{ sessionId: string; students: Student[]; joinMs: number; refused: number }> {
  const created = await fetch(`${httpUrl}/api/v1/documents/${prepared.documentId}/sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${prepared.teacherToken}`, "content-type": "application/json" },
    body: JSON.stringify({ mode: "blind" }),
  });
  if (created.status !== 201) throw new Error(`starting the session answered ${created.status}: ${await created.text()}`);
  const session = (await created.json()) as { id: string; code: string };
  const begun = performance.now();
  let refused = 0;
  const students = await Promise.all(
    Array.from({ length: count }, async (_, index): Promise<Student> => {
      const name = `Student ${index + 1}`;
      for (let attempt = 0; ; attempt++) {
        const joined = await fetch(`${httpUrl}/api/v1/sessions/join`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: session.code, name }) });
        if (joined.status === 201) {
          const body = (await joined.json()) as { participantId: string; token: string; room: string };
          return { participantId: body.participantId, name, token: body.token, room: body.room };
        }
        refused++;
        if (attempt >= 3) throw new Error(`joining answered ${joined.status}: ${await joined.text()}`);
      }
    }),
  );
  return { sessionId: session.id, students, joinMs: performance.now() - begun, refused };
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; httpUrl: string }> {
  const file = env.BENCH_ROLE === "app" ? fileURLToPath(import.meta.url) : path.join(HERE, "realtime-server.ts");
  const child = fork(file, [], { execArgv: ["--import", "tsx"], env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server under test exited (${code}) before listening`)));
    // Next.js prints its own lines first: the port is on the line that is our JSON.
    let seen = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split("\n").find((candidate) => candidate.startsWith('{"port":'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  child.removeAllListeners("exit");
  return { child, url: `ws://127.0.0.1:${port}/realtime`, httpUrl: `http://127.0.0.1:${port}` };
}

/** The whole app on the prepared PGlite folder, as server/main.ts runs it; prints its port. */
async function runApp() {
  const config = { ...readConfig({ ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATA_DIR: process.env.BENCH_DATA_DIR }), databaseUrl: undefined };
  process.env.AUTH_TRUST_HOST = "true";
  const app = await createAppServer({ config, logger: createLogger("warn") });
  const { port } = await app.listen();
  console.log(JSON.stringify({ port }));
  process.once("SIGTERM", () => void app.close().then(() => process.exit(0), () => process.exit(1)));
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

function startStudents(): { child: ChildProcess; next(): Promise<FromStudents>; send(message: ToStudents): void } {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ["--import", "tsx"], env: { ...process.env, BENCH_ROLE: "students" }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const inbox: FromStudents[] = [];
  const waiting: ((message: FromStudents) => void)[] = [];
  child.on("message", (message: FromStudents) => {
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  return {
    child,
    send: (message) => child.send(message),
    next: () =>
      new Promise((resolve, reject) => {
        const message = inbox.shift();
        if (message) return message.type === "error" ? reject(new Error(message.message)) : resolve(message);
        waiting.push((arrived) => (arrived.type === "error" ? reject(new Error(arrived.message)) : resolve(arrived)));
      }),
  };
}

/** A dashboard: one provider whose document's highlights are timed as they arrive (wall clock minus createdAt). */
function dashboard(url: string, room: string, token: string | null) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: WebSocket as never, params: token ? { token } : {}, disableBc: true });
  const latencies = new Map<string, number>();
  doc.on("update", () => {
    const now = Date.now();
    for (const annotation of readAnnotations(doc)) if (!latencies.has(annotation.id)) latencies.set(annotation.id, now - annotation.createdAt);
  });
  return {
    latencies,
    synced: () => new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once("sync", () => resolve()))),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

type Result = { server: string; students: number; highlights: number; joinMs: number | null; connectMs: number; seen: number; p50: number; p95: number; max: number; serverCpuMs: number };

async function run(kind: "marginalia" | "reference", prepared: Prepared, count: number, highlights: number): Promise<Result> {
  const server = await startServer(kind === "reference" ? { BENCH_SERVER: "reference" } : { BENCH_ROLE: "app", BENCH_DATA_DIR: prepared.dataDir });
  let class_: { sessionId: string; students: Student[]; joinMs: number | null };
  if (kind === "marginalia") {
    const enrolled = await enrol(server.httpUrl, prepared, count);
    if (enrolled.refused > 0) console.log(`joining: ${enrolled.refused} answers other than 201 (retried)`);
    class_ = enrolled;
  } else {
    class_ = { sessionId: "", joinMs: null, students: Array.from({ length: count }, (_, index) => ({ participantId: randomUUID(), name: `Student ${index + 1}`, token: "", room: "" })) };
  }
  const sharedRoom = kind === "reference" ? `class-${randomUUID()}` : null;
  const board = dashboard(server.url, sharedRoom ?? sessionRoomName(prepared.documentId, class_.sessionId, { kind: "class" }), sharedRoom ? null : prepared.teacherToken);
  const students = startStudents();
  try {
    await board.synced();
    students.send({ type: "start", job: { url: server.url, students: class_.students, text: prepared.text, highlights, sharedRoom } });
    const connected = await students.next();
    const connectMs = connected.type === "connected" ? connected.ms : Number.NaN;
    const cpuBefore = cpuMs(server.child.pid!);
    students.send({ type: "write" });
    const wrote = await students.next();
    const expected = wrote.type === "wrote" ? wrote.count : 0;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (board.latencies.size < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const serverCpuMs = cpuMs(server.child.pid!) - cpuBefore;
    const sorted = [...board.latencies.values()].sort((a, b) => a - b);
    return { server: kind === "marginalia" ? "marginalia (pglite)" : "reference (@y/websocket-server, one shared room)", students: count, highlights: expected, joinMs: class_.joinMs === null ? null : Math.round(class_.joinMs), connectMs: Math.round(connectMs), seen: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? Number.NaN, serverCpuMs: Math.round(serverCpuMs) };
  } finally {
    students.send({ type: "stop" });
    board.destroy();
    await stopServer(server.child);
  }
}

async function main() {
  const { values: flags } = parseArgs({ options: { students: { type: "string", default: "150" }, highlights: { type: "string", default: "3" } } });
  const count = Math.max(1, Math.min(500, Number(flags.students)));
  const highlights = Math.max(1, Math.min(20, Number(flags.highlights)));
  const prepared = await prepare();
  try {
    const results = [await run("reference", prepared, count, highlights), await run("marginalia", prepared, count, highlights)];
    console.log(`\nClassroom: ${count} students from one address, ${highlights} highlights each at once; latency until the dashboard has each highlight`);
    console.table(results.map((result) => ({ server: result.server, "join all (ms)": result.joinMs ?? "-", "connect all (ms)": result.connectMs, "seen / written": `${result.seen} / ${result.highlights}`, "p50 (ms)": result.p50, "p95 (ms)": result.p95, "max (ms)": result.max, "server CPU (ms)": result.serverCpuMs })));
    console.log(JSON.stringify({ bench: "classroom", results }));
  } finally {
    fs.rmSync(prepared.dataDir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_ROLE === "students") void runStudents();
else if (process.env.BENCH_ROLE === "app") await runApp();
else await main();
