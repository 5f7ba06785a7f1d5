import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { Database } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { readAnnotations } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { waitFor } from "./realtime-harness.ts";

const postgres = backends.find((backend) => backend.name === "postgres");
const redisUrl = process.env.REDIS_URL;

type ServerProcess = { child: ChildProcess; url: string };

function startProcess(databaseUrl: string, batchMs = 10): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/integration/processes/realtime-process.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REALTIME_BATCH_MS: String(batchMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`realtime process exited early (${code})`)));
    child.stdout!.once("data", (chunk: Buffer) => {
      const { port } = JSON.parse(chunk.toString()) as { port: number };
      resolve({ child, url: `ws://127.0.0.1:${port}/realtime` });
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
}

function connect(url: string, room: string, token: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: WebSocket as never, params: { token }, disableBc: true, maxBackoffTime: 200 });
  const synced = new Promise<void>((resolve) => provider.once("sync", () => resolve()));
  return { doc, provider, synced };
}

// Several processes need a database they can share: PostgreSQL, and Redis between them.
describe.runIf(postgres && redisUrl)("realtime across two server processes with Redis", () => {
  let storage: TestStorage;
  let database: Database;
  let documentId = "";
  let text = "";
  let token = "";
  let userId = "";
  const processes: ServerProcess[] = [];

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(postgres!));
    const owner = await signUp(database.prisma, { email: "scale@example.org", name: "Sam", password: "long enough password" });
    userId = owner.userId;
    token = (await createApiToken(database.prisma, { userId }, { name: "scale" })).token;
    const document = await database.prisma.document.create({
      data: { workspaceId: owner.workspaceId, title: "Scale", source: "Test", body: [{ type: "paragraph", text: "It was at this point that the Tuareg fighters withdrew from Kidal after fairly significant losses." }], contentHash: "x" },
    });
    documentId = document.id;
    text = canonicalBodyText(bodySchema.parse(document.body));
  });
  afterAll(async () => {
    for (const { child } of processes) child.kill("SIGKILL");
    await database?.close();
    await storage?.destroy();
  });

  function annotate(doc: Y.Doc, start: number) {
    const now = Date.now();
    const id = randomUUID();
    writeAnnotation(doc, {
      id, ...textQuoteAnchor(text, start, start + 5), tag: "context", technique: null, authorId: userId, authorName: "Sam",
      createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
    });
    return id;
  }

  it("converges across processes, stores each update once, and loses nothing when a process is killed", async () => {
    // A waits 400 ms before storing, so it certainly dies with updates it accepted but had not stored.
    const a = await startProcess(storage.databaseUrl!, 400);
    const b = await startProcess(storage.databaseUrl!);
    processes.push(a, b);
    const onA = connect(a.url, documentId, token);
    const onB = connect(b.url, documentId, token);
    await Promise.all([onA.synced, onB.synced]);

    const fromA = annotate(onA.doc, 0);
    const fromB = annotate(onB.doc, 10);
    await waitFor(onB.doc, () => readAnnotations(onB.doc).some((record) => record.id === fromA));
    await waitFor(onA.doc, () => readAnnotations(onA.doc).some((record) => record.id === fromB));
    await expect.poll(() => database.prisma.realtimeUpdate.count({ where: { room: documentId } }), { timeout: 5_000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a second copy would be stored within one batching window
    expect(await database.prisma.realtimeUpdate.count({ where: { room: documentId } })).toBe(2);

    // A burst on A, then A dies without a chance to store its last batch.
    const burst = Array.from({ length: 10 }, (_, index) => annotate(onA.doc, 20 + index * 3));
    await new Promise((resolve) => setTimeout(resolve, 100)); // A has received the burst, not stored it
    a.child.kill("SIGKILL");
    await stopped(a.child);

    // A's client reconnects to B with the document it has: B takes in whatever A had not stored.
    onA.provider.destroy();
    const moved = connect(b.url, documentId, token, onA.doc);
    await moved.synced;
    await waitFor(onB.doc, () => burst.every((id) => readAnnotations(onB.doc).some((record) => record.id === id)));

    // Everything survives B stopping too: a fresh process loads it all from storage.
    moved.provider.destroy();
    onB.provider.destroy();
    b.child.kill("SIGTERM");
    await stopped(b.child);
    const c = await startProcess(storage.databaseUrl!);
    processes.push(c);
    const fresh = connect(c.url, documentId, token);
    await fresh.synced;
    const ids = readAnnotations(fresh.doc).map((record) => record.id);
    expect(ids.sort()).toEqual([fromA, fromB, ...burst].sort());
    fresh.provider.destroy();
    c.child.kill("SIGTERM");
    await stopped(c.child);
  }, 60_000);

  it("stores everything it accepted when stopped with SIGTERM, even inside a batching window", async () => {
    const slow = await startProcess(storage.databaseUrl!, 2_000);
    processes.push(slow);
    const client = connect(slow.url, documentId, token);
    await client.synced;
    const written = Array.from({ length: 5 }, (_, index) => annotate(client.doc, 40 + index * 4));
    await new Promise((resolve) => setTimeout(resolve, 150)); // received, and certainly not stored within a 2 s window
    slow.child.kill("SIGTERM");
    await stopped(slow.child);
    client.provider.destroy();

    const next = await startProcess(storage.databaseUrl!);
    processes.push(next);
    const reader = connect(next.url, documentId, token);
    await reader.synced;
    const ids = readAnnotations(reader.doc).map((record) => record.id);
    for (const id of written) expect(ids).toContain(id);
    reader.provider.destroy();
    next.child.kill("SIGTERM");
    await stopped(next.child);
    // Two server processes start here (tsx, then the realtime server): as the case above, allow for a busy machine.
  }, 60_000);
});
