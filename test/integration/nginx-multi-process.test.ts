import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { Redis } from "ioredis";
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
import { createUpdateStore, DEFAULT_UPDATE_STORE_OPTIONS } from "@/server/realtime/update-store.ts";
import { eventually, freePort, metricValue, RATE_LIMIT_KEY_PREFIX, startAppProcess, type AppProcess } from "./app-process.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { findNginx, startNginx, type RunningNginx } from "./nginx.ts";

const nginxBinary = findNginx();
const postgres = backends.find((backend) => backend.name === "postgres");
const redisUrl = process.env.REDIS_URL;
const skipReason = !nginxBinary
  ? "nginx is not installed (Debian: apt-get install nginx; .ci/run installs it)"
  : !postgres
    ? "DATABASE_URL is not set: several processes need one PostgreSQL"
    : !redisUrl
      ? "REDIS_URL is not set: several processes share rooms through Redis"
      : null;

const PROCESSES = 3;
/** Two people in two places: nginx sees them at two loopback addresses (Linux answers all of 127/8). */
const ADDRESS_A = "127.0.0.2";
const ADDRESS_B = "127.0.0.3";

/** A websocket that leaves from a given local address, so nginx's $remote_addr tells the clients apart. */
function socketFrom(localAddress: string) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  };
}

describe.skipIf(skipReason !== null)(`nginx in front of ${PROCESSES} server processes${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let storage: TestStorage;
  let database: Database;
  let nginx: RunningNginx | undefined;
  const processes: AppProcess[] = [];
  let documentId = "";
  let text = "";
  let token = "";
  let userId = "";

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(postgres!));
    const owner = await signUp(database.prisma, { email: "nginx@example.org", name: "Nia", password: "long enough password" });
    userId = owner.userId;
    token = (await createApiToken(database.prisma, { userId }, { name: "nginx" })).token;
    const document = await database.prisma.document.create({
      data: { workspaceId: owner.workspaceId, title: "Proxy", source: "Test", body: [{ type: "paragraph", text: "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal in the north of the country." }], contentHash: "x" },
    });
    documentId = document.id;
    text = canonicalBodyText(bodySchema.parse(document.body));
    const env = {
      DATABASE_URL: storage.databaseUrl!,
      DATA_DIR: storage.dataDir,
      REDIS_URL: redisUrl!,
      TRUSTED_PROXIES: "127.0.0.1",
      AUTH_SECRET: randomBytes(32).toString("base64"),
      SHUTDOWN_TIMEOUT_MS: "20000",
    };
    // The first migrates the fresh database and seeds the demo article; the others, started
    // together once it is ready, find both done.
    processes.push(await startAppProcess(env));
    processes.push(...(await Promise.all(Array.from({ length: PROCESSES - 1 }, () => startAppProcess(env)))));
    nginx = await startNginx(nginxBinary!, { port: await freePort(), upstreams: processes.map((server) => `127.0.0.1:${server.port}`) });
  }, 180_000);

  afterAll(async () => {
    for (const { child } of processes) if (child.exitCode === null) child.kill("SIGKILL");
    await nginx?.stop();
    await database?.close();
    await storage?.destroy();
  });

  function connect(localAddress: string) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${nginx!.url.replace("http", "ws")}/realtime`, documentId, doc, {
      WebSocketPolyfill: socketFrom(localAddress) as never,
      params: { token },
      disableBc: true,
      maxBackoffTime: 200,
    });
    // "sync" also fires with false when a connection drops: wait for true.
    const synced = () =>
      new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        const onSync = (state: boolean) => {
          if (!state) return;
          provider.off("sync", onSync);
          resolve();
        };
        provider.on("sync", onSync);
      });
    return { doc, provider, synced };
  }

  function annotate(doc: Y.Doc, start: number): string {
    const now = Date.now();
    const id = randomUUID();
    writeAnnotation(doc, {
      id, ...textQuoteAnchor(text, start, start + 5), tag: "context", technique: null, authorId: userId, authorName: "Nia",
      createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
    });
    return id;
  }

  const has = (doc: Y.Doc, ids: string[]) => ids.every((id) => readAnnotations(doc).some((record) => record.id === id));
  const connectionsOn = (server: AppProcess) => metricValue(server.port, "marginalia_realtime_connections");

  /** The process a client's one connection landed on, found from each process's own count. */
  async function serving(expectedTotal: number, exclude: AppProcess[] = []): Promise<AppProcess[]> {
    let counts: number[] = [];
    await eventually(`${expectedTotal} realtime connections across the running processes`, async () => {
      counts = await Promise.all(processes.map((server) => (server.child.exitCode === null ? connectionsOn(server) : 0)));
      return counts.reduce((sum, count) => sum + count, 0) === expectedTotal;
    });
    return processes.filter((server, index) => counts[index]! > 0 && !exclude.includes(server));
  }

  it("round-robins two clients to different processes through websocket upgrades; they converge; a stopped process loses nothing", async () => {
    const a = connect(ADDRESS_A);
    await a.synced();
    const [processOfA] = await serving(1);
    const b = connect(ADDRESS_B);
    await b.synced();
    const [processOfB] = await serving(2, [processOfA!]);
    expect(processOfA).toBeDefined();
    expect(processOfB).toBeDefined();
    expect(processOfB).not.toBe(processOfA);

    // Same article, two processes: each sees the other's highlight (through Redis).
    const fromA = annotate(a.doc, 0);
    const fromB = annotate(b.doc, 10);
    await eventually("both clients hold both highlights", () => has(a.doc, [fromA, fromB]) && has(b.doc, [fromA, fromB]));

    // A burst on A's process, accepted (applied) there, then SIGTERM at once.
    const appliedBefore = await metricValue(processOfA!.port, "marginalia_realtime_updates_applied_total");
    const burst = Array.from({ length: 8 }, (_, index) => annotate(a.doc, 20 + index * 4));
    await eventually("A's process applied the burst", async () => (await metricValue(processOfA!.port, "marginalia_realtime_updates_applied_total")) >= appliedBefore + burst.length);
    // Hold A's reconnect until the checks below: what is stored must not be what A re-sends.
    const closed = new Promise<void>((resolve) =>
      a.provider.once("connection-close", () => {
        a.provider.shouldConnect = false;
        resolve();
      }),
    );
    processOfA!.child.kill("SIGTERM");
    expect(await processOfA!.exited).toBe(0);
    await closed;
    expect(processOfA!.logs.some((line) => line.msg === "stopped: every accepted update is stored")).toBe(true);

    // Everything A's process accepted is in the database and in B's state, without A's help.
    const stored = new Y.Doc();
    Y.applyUpdate(stored, await createUpdateStore(database, DEFAULT_UPDATE_STORE_OPTIONS).read(documentId));
    expect(has(stored, [fromA, fromB, ...burst])).toBe(true);
    await eventually("B holds A's burst", () => has(b.doc, burst));

    // A reconnects through nginx to a process still running, and goes on with B.
    a.provider.connect();
    await a.synced();
    await serving(2);
    const after = annotate(a.doc, 60);
    await eventually("B sees what A wrote after moving", () => has(b.doc, [after]));
    expect(readAnnotations(a.doc).map((record) => record.id).sort()).toEqual(readAnnotations(b.doc).map((record) => record.id).sort());

    // Connection limits counted A and B apart: by the address nginx saw, not nginx's own.
    const redis = new Redis(redisUrl!);
    try {
      expect(Number(await redis.get(`${RATE_LIMIT_KEY_PREFIX}:realtime-address:${ADDRESS_A}`))).toBeGreaterThanOrEqual(2);
      expect(Number(await redis.get(`${RATE_LIMIT_KEY_PREFIX}:realtime-address:${ADDRESS_B}`))).toBeGreaterThanOrEqual(1);
    } finally {
      redis.disconnect();
    }
    a.provider.destroy();
    b.provider.destroy();
  }, 120_000);

  it("logs each request with the client's address behind nginx and nginx's request id", async () => {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(`${nginx!.url}/api/health`, { localAddress: ADDRESS_B, headers: { "x-forwarded-for": "203.0.113.66" } }, (res) => {
        res.resume();
        res.once("end", () => resolve(res));
      }).once("error", reject);
    });
    expect(response.statusCode).toBe(200);
    const requestId = response.headers["x-request-id"];
    expect(requestId).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id, kept because nginx is trusted
    await eventually("a request line with that id", () => processes.some((server) => server.logs.some((line) => line.reqId === requestId)));
    const line = processes.flatMap((server) => server.logs).find((entry) => entry.reqId === requestId)!;
    // The client's own X-Forwarded-For is left of what nginx saw, and proves nothing: nginx saw ADDRESS_B.
    expect(line).toMatchObject({ msg: "request", path: "/api/health", status: 200, address: ADDRESS_B });
  });
});
