import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { readAnnotations } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { createUpdateStore, DEFAULT_UPDATE_STORE_OPTIONS } from "@/server/realtime/update-store.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";

const KILLS = 5;
const WRITERS = 4;
/** Each writer adds one highlight per interval: about 100 a second in all. */
const WRITE_INTERVAL_MS = 40;
/** Highlights the observer must have received from a server before it is killed. */
const SEEN_PER_RUN = 40;
/** A wide group-commit window, so every kill lands with updates accepted and not yet stored. */
const BATCH_MS = 40;

type ServerProcess = { child: ChildProcess; port: number };

function startServer(storage: TestStorage, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/integration/processes/realtime-process.ts"], {
    env: { ...process.env, DATABASE_URL: storage.databaseUrl ?? "", DATA_DIR: storage.dataDir, PORT: String(port), REALTIME_BATCH_MS: String(BATCH_MS), REDIS_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`realtime process exited early (${code})`)));
    child.stdout!.once("data", (chunk: Buffer) => resolve({ child, port: (JSON.parse(chunk.toString()) as { port: number }).port }));
  });
}

function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  return exited;
}

/**
 * A client that lives as long as one server process: when its connection drops it is gone
 * (a closed tab), so it never sends its document again to the next process. A client that
 * reconnected would repair a loss by re-sending what it holds, and hide it from this test.
 */
function connectOnce(port: number, room: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/realtime`, room, doc, { WebSocketPolyfill: WebSocket as never, params: { token }, disableBc: true });
  const gone = new Promise<void>((resolve) =>
    provider.once("connection-close", () => {
      provider.destroy();
      resolve();
    }),
  );
  const synced = new Promise<void>((resolve) => provider.once("sync", () => resolve()));
  return { doc, provider, synced, gone };
}

describe.each(backends)("realtime crash safety on $name", (backend) => {
  it(`stores every highlight an observer received, through ${KILLS} SIGKILLs of the server`, async () => {
    const { storage, database } = await openMigrated(backend);
    const owner = await signUp(database.prisma, { email: "crash-owner@example.org", name: "Ada", password: "long enough password" });
    const writer = await signUp(database.prisma, { email: "crash-writer@example.org", name: "Wole", password: "long enough password" });
    await database.prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: writer.userId, role: "EDITOR" } });
    const document = await database.prisma.document.create({
      data: { workspaceId: owner.workspaceId, title: "Crash", source: "Test", body: [{ type: "paragraph", text: "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal in the north of the country." }], contentHash: "x" },
    });
    const text = canonicalBodyText(bodySchema.parse(document.body));
    const ownerToken = (await createApiToken(database.prisma, { userId: owner.userId }, { name: "crash" })).token;
    const writerToken = (await createApiToken(database.prisma, { userId: writer.userId }, { name: "crash" })).token;
    // The server process owns the storage now (PGlite allows one process per folder).
    await database.close();

    const seen = new Set<string>();
    let server: ServerProcess | undefined;
    let port = 0;
    try {
      for (let run = 0; run < KILLS; run++) {
        server = await startServer(storage, port);
        port = server.port;
        const observer = connectOnce(port, document.id, ownerToken);
        // Counted from the end of the sync: what was stored before does not make a run.
        let seenBefore = Infinity;
        const enough = new Promise<void>((resolve) =>
          observer.doc.getMap("annotations").observe((event) => {
            for (const key of event.keysChanged) if (observer.doc.getMap("annotations").has(key)) seen.add(key);
            if (seen.size - seenBefore >= SEEN_PER_RUN) resolve();
          }),
        );
        await observer.synced;
        seenBefore = seen.size;
        const writers = Array.from({ length: WRITERS }, () => connectOnce(port, document.id, writerToken));
        for (const [index, client] of writers.entries()) {
          void client.synced.then(() => {
            let count = 0;
            const timer = setInterval(() => {
              const start = (index * 17 + count++ * 3) % (text.length - 6);
              const now = Date.now();
              writeAnnotation(client.doc, {
                id: randomUUID(), ...textQuoteAnchor(text, start, start + 5), tag: "sourcing", technique: null, authorId: writer.userId, authorName: "Wole",
                createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
              });
            }, WRITE_INTERVAL_MS);
            void client.gone.then(() => clearInterval(timer));
          });
        }
        await enough;
        await killed(server.child);
        await Promise.all([observer.gone, ...writers.map((client) => client.gone)]);
      }
      server = undefined;

      const reopened = await storage.open();
      const stored = new Y.Doc();
      Y.applyUpdate(stored, await createUpdateStore(reopened, DEFAULT_UPDATE_STORE_OPTIONS).read(document.id));
      await reopened.close();
      const storedIds = new Set(readAnnotations(stored).map((annotation) => annotation.id));
      const lost = [...seen].filter((id) => !storedIds.has(id));
      expect(seen.size).toBeGreaterThanOrEqual(KILLS * SEEN_PER_RUN);
      expect(lost).toEqual([]);
    } finally {
      if (server) await killed(server.child);
      await storage.destroy();
    }
  }, 300_000);
});
