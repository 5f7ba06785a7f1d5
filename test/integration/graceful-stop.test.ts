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
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { eventually, metricValue, startAppProcess, type AppProcess } from "./app-process.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";

const postgres = backends.find((backend) => backend.name === "postgres");
const SHUTDOWN_TIMEOUT_MS = 1_500;

/**
 * A TCP proxy in front of PostgreSQL that the test can cut: every open connection is dropped
 * and new ones are refused, as when the database host goes away. Deterministic, unlike
 * stopping a shared server.
 */
async function databaseProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.once("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const url = new URL(target);
  url.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url: url.toString(),
    cut() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe.skipIf(!postgres)(`graceful stop with the database down${postgres ? "" : " (skipped: DATABASE_URL is not set; a PGlite database cannot go away from under its process)"}`, () => {
  let storage: TestStorage;
  let database: Database;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(postgres!));
  });
  afterAll(async () => {
    if (app?.child.exitCode === null) app.child.kill("SIGKILL");
    await database?.close();
    await storage?.destroy();
  });

  it("logs errors with the request id; on SIGTERM stops accepting at once, waits SHUTDOWN_TIMEOUT_MS, then names each room and its unstored updates and exits 1", async () => {
    const owner = await signUp(database.prisma, { email: "stop@example.org", name: "Sol", password: "long enough password" });
    const token = (await createApiToken(database.prisma, { userId: owner.userId }, { name: "stop" })).token;
    const document = await database.prisma.document.create({
      data: { workspaceId: owner.workspaceId, title: "Stop", source: "Test", body: [{ type: "paragraph", text: "It was at this point that the Tuareg fighters withdrew from Kidal after fairly significant losses." }], contentHash: "x" },
    });
    const text = canonicalBodyText(bodySchema.parse(document.body));
    const proxy = await databaseProxy(new URL(storage.databaseUrl!));
    app = await startAppProcess({ DATABASE_URL: proxy.url, DATA_DIR: storage.dataDir, REDIS_URL: "", SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    const port = app.port;

    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/realtime`, document.id, doc, { WebSocketPolyfill: WebSocket as never, params: { token }, disableBc: true, connect: true });
    await new Promise<void>((resolve) => provider.once("sync", () => resolve()));
    const annotate = (start: number) => {
      const now = Date.now();
      writeAnnotation(doc, {
        id: randomUUID(), ...textQuoteAnchor(text, start, start + 5), tag: "sourcing", technique: null, authorId: owner.userId, authorName: "Sol",
        createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
      });
    };
    annotate(0);
    await eventually("the first highlight stored", async () => (await database.prisma.realtimeUpdate.count({ where: { room: document.id } })) === 1);

    // The database goes away; three more highlights are accepted and held in memory.
    proxy.cut();
    for (const start of [10, 20, 30]) annotate(start);
    await eventually("three accepted updates waiting to be stored", async () => (await metricValue(port, "marginalia_realtime_pending_writes")) === 3);

    // Meanwhile a page fails inside Next.js: the error is in the structured log with the request's id.
    const page = await fetch(`http://127.0.0.1:${port}/demo`);
    expect(page.status).toBe(500);
    const requestId = page.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await eventually("the page's error logged with its request id", () => app!.logs.some((line) => line.level === 50 && line.reqId === requestId && line.msg === "request failed inside Next.js"));

    const stopAsked = Date.now();
    app.child.kill("SIGTERM");
    // No new connections while it tries to store.
    // A bare TCP connect: a fetch could ride a kept-alive socket, or wait on the health check's
    // database query longer than the shutdown deadline itself.
    await eventually("the port refuses connections", () => refusesConnections(port));
    expect(app.child.exitCode).toBeNull();

    expect(await app.exited).toBe(1);
    const waited = Date.now() - stopAsked;
    expect(waited).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS);
    expect(waited).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 10_000);
    const report = app.logs.find((line) => line.level === 60);
    expect(report).toMatchObject({ rooms: [{ room: document.id, updates: 3 }], updates: 3, timeoutMs: SHUTDOWN_TIMEOUT_MS });
    expect(report!.msg).toMatch(/could not store 3 accepted update\(s\) in 1 room\(s\) within SHUTDOWN_TIMEOUT_MS/);
    provider.destroy();
  }, 90_000);
});

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}
