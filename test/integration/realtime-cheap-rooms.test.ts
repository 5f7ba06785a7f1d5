import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { Database, PrismaClient } from "@/lib/db/database.ts";
import type { SqlExecutor, SqlSession } from "@/lib/db/sql.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { issueRealtimeToken } from "@/lib/realtime/realtime-token.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { createUpdateStore, DEFAULT_UPDATE_STORE_OPTIONS } from "@/server/realtime/update-store.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { AUTH_SECRET, startRealtime, waitFor, type RealtimeHarness } from "./realtime-harness.ts";

const WRITE_OPERATIONS = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany", "$executeRaw", "$executeRawUnsafe"]);
const WRITE_STATEMENT = /^\s*(INSERT|UPDATE|DELETE|UPSERT|MERGE|TRUNCATE|ALTER|CREATE|DROP)\b/i;

/** The database as the server sees it, counting every statement that writes (Prisma and raw SQL). */
function countingWrites(database: Database): { database: Database; writes: string[] } {
  const writes: string[] = [];
  const prisma = database.prisma.$extends({
    query: {
      $allOperations({ model, operation, args, query }) {
        if (WRITE_OPERATIONS.has(operation)) writes.push(`${model ?? "raw"}.${operation}`);
        return query(args);
      },
    },
  }) as unknown as PrismaClient;
  const counted = (session: SqlSession): SqlSession => ({
    exec: (text) => {
      if (WRITE_STATEMENT.test(text)) writes.push(text.slice(0, 40));
      return session.exec(text);
    },
    query: (text, params) => {
      if (WRITE_STATEMENT.test(text)) writes.push(text.slice(0, 40));
      return session.query(text, params);
    },
  });
  const sql: SqlExecutor = { ...counted(database.sql), transaction: (work) => database.sql.transaction((tx) => work(counted(tx))) };
  return { database: { ...database, prisma, sql }, writes };
}

describe.each(backends)("cheap rooms on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;
  let documentId = "";
  let text = "";
  let user = { userId: "", sessionVersion: 0 };
  let token = "";

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    const owner = await signUp(database.prisma, { email: "cheap@example.org", name: "Cleo", password: "long enough password" });
    const document = await database.prisma.document.create({
      data: { workspaceId: owner.workspaceId, title: "Cheap", source: "Test", body: [{ type: "paragraph", text: "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal." }], contentHash: "x" },
    });
    documentId = document.id;
    text = canonicalBodyText(bodySchema.parse(document.body));
    user = { userId: owner.userId, sessionVersion: 0 };
    // What a browser connects with: a realtime token, which is checked without writing anything.
    token = issueRealtimeToken(user, AUTH_SECRET);
  });
  afterAll(async () => {
    await database?.close();
    await storage?.destroy();
  });

  function annotate(doc: Y.Doc, start: number): string {
    const id = randomUUID();
    const now = Date.now();
    writeAnnotation(doc, {
      id, ...textQuoteAnchor(text, start, start + 5), tag: "context", technique: null, authorId: user.userId, authorName: "Cleo",
      createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
    });
    return id;
  }

  /** Opens the room as a page does, waits for its content, and leaves; resolves once the room is unloaded. */
  async function visit(harness: RealtimeHarness, expectAnnotations: number) {
    const reader = harness.client(documentId, token);
    await reader.synced();
    await waitFor(reader.doc, () => reader.doc.getMap("annotations").size === expectAnnotations);
    reader.destroy();
    await expect.poll(() => harness.realtime.rooms.rooms().length, { timeout: 5_000 }).toBe(0);
    // Whatever unloading does (storing, projecting) is finished once the room is gone.
  }

  it("lets a reader reload the page without a single database write, and writes again once something changes", async () => {
    const { database: counted, writes } = countingWrites(database);
    const harness = await startRealtime(counted);
    try {
      const writer = harness.client(documentId, token);
      await writer.synced();
      const first = annotate(writer.doc, 0);
      annotate(writer.doc, 10);
      writer.destroy();
      await expect.poll(() => harness.realtime.rooms.rooms().length, { timeout: 5_000 }).toBe(0);
      expect(await database.prisma.annotation.count({ where: { documentId } })).toBe(2);
      expect(writes.length).toBeGreaterThan(0);

      writes.length = 0;
      await visit(harness, 2);
      await visit(harness, 2);
      expect(writes).toEqual([]);

      // A change is written (the counter sees writes), and the next reload is free again.
      const editor = harness.client(documentId, token);
      await editor.synced();
      await waitFor(editor.doc, () => editor.doc.getMap("annotations").has(first));
      annotate(editor.doc, 20);
      editor.destroy();
      await expect.poll(() => harness.realtime.rooms.rooms().length, { timeout: 5_000 }).toBe(0);
      expect(writes.length).toBeGreaterThan(0);
      expect(await database.prisma.annotation.count({ where: { documentId } })).toBe(3);
      writes.length = 0;
      await visit(harness, 3);
      expect(writes).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it("rebuilds the projection on open when it was written from another state of the document", async () => {
    const harness = await startRealtime(database);
    try {
      // Rows out of step with the room (as after a crash between storing and projecting).
      await database.prisma.annotation.deleteMany({ where: { documentId } });
      await visit(harness, 3);
      expect(await database.prisma.annotation.count({ where: { documentId } })).toBe(0);
      await database.prisma.projectionState.delete({ where: { room: documentId } });
      await visit(harness, 3);
      expect(await database.prisma.annotation.count({ where: { documentId } })).toBe(3);
    } finally {
      await harness.close();
    }
  });

  it("leaves another document's highlight where it is when a client reuses its id", async () => {
    const { workspaceId, body } = await database.prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { workspaceId: true, body: true } });
    const other = await database.prisma.document.create({ data: { workspaceId, title: "Other", source: "Test", body: body ?? [], contentHash: "y" } });
    const harness = await startRealtime(database);
    try {
      const writer = harness.client(documentId, token);
      await writer.synced();
      const id = annotate(writer.doc, 0);
      writer.destroy();
      await expect.poll(() => harness.realtime.rooms.rooms().length, { timeout: 5_000 }).toBe(0);

      const intruder = harness.client(other.id, token);
      await intruder.synced();
      // The new room's first projection (empty) is written: the highlight comes as an edit.
      await expect.poll(() => database.prisma.projectionState.count({ where: { room: other.id } }), { timeout: 5_000 }).toBe(1);
      const now = Date.now();
      writeAnnotation(intruder.doc, {
        id, ...textQuoteAnchor(text, 10, 15), tag: "propaganda", technique: null, authorId: user.userId, authorName: "Cleo",
        createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
      });
      intruder.destroy();
      // Unloading the room brings its projection up to date.
      await expect.poll(() => harness.realtime.rooms.rooms().length, { timeout: 5_000 }).toBe(0);
      expect(await database.prisma.annotation.findUnique({ where: { id }, select: { documentId: true, tag: true } })).toEqual({ documentId, tag: "context" });
    } finally {
      await harness.close();
    }
  });

  it("flushes one room at once, without waiting on another room's stream of writes", async () => {
    const quiet = new Y.Doc();
    const busy = new Y.Doc();
    let streaming = true;
    // Another room writes again whenever a write lands: a flush of everything would never end.
    const store = createUpdateStore(database, {
      ...DEFAULT_UPDATE_STORE_OPTIONS,
      batchMs: 2_000,
      onWrite: () => {
        if (!streaming) return;
        for (let index = 0; index < 5; index++) busy.getMap("m").set(randomUUID(), index);
      },
    });
    quiet.on("update", (update: Uint8Array) => void store.append("quiet-room", update));
    busy.on("update", (update: Uint8Array) => void store.append("busy-room", update));
    busy.getMap("m").set("first", true);
    quiet.getMap("m").set("saved", true);
    const started = performance.now();
    await store.flush("quiet-room");
    const waited = performance.now() - started;
    const othersPending = store.pendingCount();
    streaming = false;
    // Neither its batching window (2 s) nor the other room's queue held the quiet room back.
    expect(waited).toBeLessThan(1_000);
    expect(othersPending).toBeGreaterThan(0);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, await store.read("quiet-room"));
    expect(copy.getMap("m").get("saved")).toBe(true);
    await store.close();
  });
});
