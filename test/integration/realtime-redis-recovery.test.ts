import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
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
const redisInstalled = spawnSync("redis-server", ["--version"]).status === 0;
if (!redisInstalled) console.warn("realtime Redis recovery test skipped: redis-server is not installed (apt-get install redis-server)");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A Redis of this test's own on `port`: never the shared one, which other work relies on. */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`redis-server exited early (${code})`)));
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve(child);
    });
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  return exited;
}

function startServer(databaseUrl: string, redisUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/integration/processes/realtime-process.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`realtime process exited early (${code})`)));
    child.stdout!.once("data", (chunk: Buffer) => resolve({ child, url: `ws://127.0.0.1:${(JSON.parse(chunk.toString()) as { port: number }).port}/realtime` }));
  });
}

describe.runIf(postgres && redisInstalled)("realtime across two processes when Redis goes away and comes back", () => {
  let storage: TestStorage;
  let database: Database;
  let redis: ChildProcess | undefined;
  const servers: ChildProcess[] = [];
  const providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(postgres!));
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await Promise.all(servers.map((child) => stop(child)));
    if (redis) await stop(redis);
    await database?.close();
    await storage?.destroy();
  });

  it("converges on both sides within seconds after edits made while Redis was down", async () => {
    const owner = await signUp(database.prisma, { email: "redis@example.org", name: "Rhea", password: "long enough password" });
    const token = (await createApiToken(database.prisma, { userId: owner.userId }, { name: "redis" })).token;
    const document = await database.prisma.document.create({
      data: { workspaceId: owner.workspaceId, title: "Redis", source: "Test", body: [{ type: "paragraph", text: "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal." }], contentHash: "x" },
    });
    const text = canonicalBodyText(bodySchema.parse(document.body));
    const annotate = (doc: Y.Doc, start: number) => {
      const id = randomUUID();
      const now = Date.now();
      writeAnnotation(doc, {
        id, ...textQuoteAnchor(text, start, start + 5), tag: "context", technique: null, authorId: owner.userId, authorName: "Rhea",
        createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
      });
      return id;
    };
    const has = (doc: Y.Doc, id: string) => readAnnotations(doc).some((annotation) => annotation.id === id);
    const connect = (url: string) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(url, document.id, doc, { WebSocketPolyfill: WebSocket as never, params: { token }, disableBc: true, maxBackoffTime: 200 });
      providers.push(provider);
      return { doc, synced: new Promise<void>((resolve) => provider.once("sync", () => resolve())) };
    };

    const port = await freePort();
    const redisUrl = `redis://127.0.0.1:${port}`;
    redis = await startRedis(port);
    const one = await startServer(storage.databaseUrl!, redisUrl);
    const two = await startServer(storage.databaseUrl!, redisUrl);
    servers.push(one.child, two.child);
    const a = connect(one.url);
    const b = connect(two.url);
    await Promise.all([a.synced, b.synced]);
    const before = annotate(a.doc, 0);
    await waitFor(b.doc, () => has(b.doc, before));

    await stop(redis);
    const fromA = annotate(a.doc, 10);
    const fromB = annotate(b.doc, 20);
    // Each side's edit is stored by its own process while Redis is away; the other side cannot hear of it yet.
    await expect.poll(() => database.prisma.realtimeUpdate.count({ where: { room: document.id } }), { timeout: 5_000 }).toBe(3);
    expect(has(b.doc, fromA) || has(a.doc, fromB)).toBe(false);

    redis = await startRedis(port);
    await Promise.all([waitFor(b.doc, () => has(b.doc, fromA), 5_000), waitFor(a.doc, () => has(a.doc, fromB), 5_000)]);
    // And the relay is live again.
    const after = annotate(b.doc, 30);
    await waitFor(a.doc, () => has(a.doc, after), 5_000);
    expect(readAnnotations(a.doc).map((annotation) => annotation.id).sort()).toEqual(readAnnotations(b.doc).map((annotation) => annotation.id).sort());
  }, 60_000);
});
