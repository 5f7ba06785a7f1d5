import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { createUpdateStore, DEFAULT_UPDATE_STORE_OPTIONS } from "@/server/realtime/update-store.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { rawConnect, readMetrics, startRealtime, waitFor, type RealtimeHarness } from "./realtime-harness.ts";

type Person = { userId: string; name: string; token: string };

const BODY = [{ type: "paragraph", text: "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal in the north of the country. Officially, it is a “tactical” withdrawal to avoid urban fighting." }];

/** Everything a reader sees, in a stable order, to compare documents. */
function visible(doc: Y.Doc) {
  return {
    annotations: readAnnotations(doc).sort((a, b) => a.id.localeCompare(b.id)),
    comments: readComments(doc).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** Holds an exclusive lock on the update log, from another connection, until released. */
async function holdLock(database: Database): Promise<{ release(): Promise<void> }> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let held: Promise<void> | undefined;
  await new Promise<void>((locked, failed) => {
    held = database.sql.transaction(async (tx) => {
      await tx.exec(`LOCK TABLE "realtime_updates" IN ACCESS EXCLUSIVE MODE`);
      locked();
      await released;
    });
    held.catch(failed);
  });
  return {
    async release() {
      release();
      await held;
    },
  };
}

function hasAnnotation(doc: Y.Doc, id: string): boolean {
  return readAnnotations(doc).some((annotation) => annotation.id === id);
}

describe.each(backends)("realtime protection on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;
  let owner: Person;
  let editor: Person;
  let documentId = "";
  let outageDocumentId = "";
  let otherDocumentId = "";
  let text = "";

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    const account = await signUp(database.prisma, { email: "guard-owner@example.org", name: "Olu", password: "long enough password" });
    const editorAccount = await signUp(database.prisma, { email: "guard-editor@example.org", name: "Ines", password: "long enough password" });
    await database.prisma.membership.create({ data: { workspaceId: account.workspaceId, userId: editorAccount.userId, role: "EDITOR" } });
    owner = { userId: account.userId, name: "Olu", token: (await createApiToken(database.prisma, { userId: account.userId }, { name: "guard" })).token };
    editor = { userId: editorAccount.userId, name: "Ines", token: (await createApiToken(database.prisma, { userId: editorAccount.userId }, { name: "guard" })).token };
    const create = (title: string) => database.prisma.document.create({ data: { workspaceId: account.workspaceId, title, source: "Test", body: BODY, contentHash: title } });
    const document = await create("Protected");
    documentId = document.id;
    outageDocumentId = (await create("Through an outage")).id;
    otherDocumentId = (await create("Not opened yet")).id;
    text = canonicalBodyText(bodySchema.parse(document.body));
  });
  afterAll(async () => {
    await database?.close();
    await storage?.destroy();
  });

  function annotate(doc: Y.Doc, author: Person, start: number): string {
    const id = randomUUID();
    const now = Date.now();
    writeAnnotation(doc, {
      id, ...textQuoteAnchor(text, start, start + 6), tag: "context", technique: null, authorId: author.userId, authorName: author.name,
      createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
    });
    return id;
  }

  function reply(doc: Y.Doc, author: Person, annotationId: string, body: string): string {
    const id = randomUUID();
    const now = Date.now();
    writeComment(doc, { id, annotationId, parentId: null, authorId: author.userId, authorName: author.name, body, createdAt: now, updatedAt: now, deleted: false });
    return id;
  }

  it("cuts off a client that stops reading with 4429, while the others keep working and converge", async () => {
    // A small cap, so that the test moves a few MB rather than 4 MB past the TCP buffers.
    const harness = await startRealtime(database, { limits: { maxBufferedBytes: 64 * 1024 } });
    try {
      const writer = harness.client(documentId, owner.token);
      const watcher = harness.client(documentId, editor.token);
      await Promise.all([writer.synced(), watcher.synced()]);
      const raw = await rawConnect(`${harness.wsUrl}/${documentId}?token=${editor.token}`);
      if (!("opened" in raw)) throw new Error(`expected a connection, got ${raw.status}`);
      const stalled = raw.opened;
      const closed = new Promise<{ code: number; reason: string }>((resolve) => stalled.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
      // From now on it reads nothing: what the server sends fills the TCP buffers, then the server's.
      stalled.pause();

      const thread = annotate(writer.doc, owner, 0);
      let comments = 0;
      while (((await harness.realtime.metrics.slowConsumersDropped.get()).values[0]?.value ?? 0) === 0) {
        if (comments > 600) throw new Error("the stalled client was never cut off");
        // Updates of ~240 KB: eight comments of 10,000 three-byte characters.
        const ids: string[] = [];
        writer.doc.transact(() => {
          for (let index = 0; index < 8; index++) ids.push(reply(writer.doc, owner, thread, "—".repeat(10_000)));
        });
        comments += ids.length;
        await waitFor(watcher.doc, () => ids.every((id) => watcher.doc.getMap("comments").has(id)));
      }
      const metrics = await readMetrics(harness.url);
      expect(metrics.get("marginalia_realtime_slow_consumers_total")).toBe(1);
      expect(metrics.get("marginalia_realtime_connections")).toBe(2);

      // The room goes on without it.
      const later = annotate(writer.doc, owner, 20);
      await waitFor(watcher.doc, () => hasAnnotation(watcher.doc, later));
      // Once it reads again, it finds out why at the end of its backlog.
      stalled.resume();
      expect(await closed).toEqual({ code: CloseCode.SlowConsumer, reason: expect.stringMatching(/too slow/) });

      // Someone joining now gets the whole document, megabytes past the cap, and is not cut off.
      const late = harness.client(documentId, editor.token);
      await late.synced();
      const answer = reply(late.doc, editor, thread, "Read it all.");
      await waitFor(writer.doc, () => writer.doc.getMap("comments").has(answer));
      await waitFor(watcher.doc, () => watcher.doc.getMap("comments").has(answer));
      expect(visible(watcher.doc)).toEqual(visible(writer.doc));
      expect(visible(late.doc)).toEqual(visible(writer.doc));
      expect(readComments(late.doc)).toHaveLength(comments + 1);
      expect((await readMetrics(harness.url)).get("marginalia_realtime_slow_consumers_total")).toBe(1);
    } finally {
      await harness.close();
    }
  }, 60_000);

  it("keeps what each writer did through a database outage, shows it to others only once stored, refuses unloaded rooms with 503", async () => {
    let harness: RealtimeHarness = await startRealtime(database, { store: { retryMs: 20, maxRetryMs: 200 }, limits: { openTimeoutMs: 1_000 } });
    const metric = async (name: string) => (await readMetrics(harness.url)).get(name);
    try {
      const a = harness.client(outageDocumentId, owner.token);
      const b = harness.client(outageDocumentId, editor.token);
      await Promise.all([a.synced(), b.synced()]);
      const before = readAnnotations(a.doc).length;

      // The database refuses every write: the log table is gone.
      await database.sql.exec(`ALTER TABLE "realtime_updates" RENAME TO "realtime_updates_away"`);
      const written = [30, 40, 50].map((start) => annotate(a.doc, owner, start));
      const fromB = annotate(b.doc, editor, 60);
      await expect.poll(() => metric("marginalia_realtime_storage_errors_total"), { timeout: 5_000 }).toBeGreaterThan(1);
      expect(await metric("marginalia_realtime_pending_writes")).toBe(4);
      // Writes have failed: nothing unstored reached the other side, where a crash could take it back.
      expect(written.some((id) => hasAnnotation(b.doc, id))).toBe(false);
      expect(hasAnnotation(a.doc, fromB)).toBe(false);
      // A room that is not in memory cannot be read: a clear refusal, at once.
      const failing = await rawConnect(`${harness.wsUrl}/${otherDocumentId}?token=${owner.token}`);
      expect(failing).toMatchObject({ status: 503, body: expect.stringMatching(/right now\. Try again/) });
      await database.sql.exec(`ALTER TABLE "realtime_updates_away" RENAME TO "realtime_updates"`);
      await waitFor(b.doc, () => written.every((id) => hasAnnotation(b.doc, id)));
      await waitFor(a.doc, () => hasAnnotation(a.doc, fromB));
      await expect.poll(() => metric("marginalia_realtime_pending_writes"), { timeout: 5_000 }).toBe(0);

      // The database stops answering (a lock held, as by a stuck migration): nothing fails, nothing returns.
      const lock = await holdLock(database);
      const duringStall = annotate(b.doc, editor, 70);
      const asked = performance.now();
      const stalled = await rawConnect(`${harness.wsUrl}/${otherDocumentId}?token=${owner.token}`);
      expect(stalled).toMatchObject({ status: 503, body: expect.stringMatching(/not answering/) });
      expect(performance.now() - asked).toBeLessThan(3_000);
      expect(await metric("marginalia_realtime_pending_writes")).toBe(1);
      expect(hasAnnotation(a.doc, duringStall)).toBe(false);
      await lock.release();
      await waitFor(a.doc, () => hasAnnotation(a.doc, duringStall));
      await expect.poll(() => metric("marginalia_realtime_pending_writes"), { timeout: 5_000 }).toBe(0);
      // The room that opened too late is let go again.
      await expect.poll(() => metric("marginalia_realtime_rooms"), { timeout: 5_000 }).toBe(1);

      // Everything accepted during the outage was stored: a restarted server has the same document.
      const expected = { state: visible(a.doc), vector: Y.encodeStateVector(a.doc) };
      expect(expected.state.annotations).toHaveLength(before + 5);
      expect(visible(b.doc)).toEqual(expected.state);
      a.destroy();
      b.destroy();
      await harness.close();
      harness = await startRealtime(database);
      const fresh = harness.client(outageDocumentId, owner.token);
      await fresh.synced();
      expect(visible(fresh.doc)).toEqual(expected.state);
      expect(Y.encodeStateVector(fresh.doc)).toEqual(expected.vector);
    } finally {
      await harness.close();
    }
  }, 60_000);

  // PGlite runs in this process on one connection: no statement of ours waits on another session's lock.
  it.skipIf(backend.name !== "postgres")("fails a statement stuck on a lock after the statement timeout, so writes retry and count as errors until the database answers", async () => {
    const impatient = await openDatabase({ databaseUrl: storage.databaseUrl, dataDir: null, statementTimeoutMs: 300 });
    const errors: unknown[] = [];
    const store = createUpdateStore({ sql: impatient.sql }, { ...DEFAULT_UPDATE_STORE_OPTIONS, retryMs: 50, maxRetryMs: 200, onError: (error) => errors.push(error) });
    const doc = new Y.Doc();
    doc.getMap("probe").set("written", "during the hang");
    const lock = await holdLock(database);
    let stored: Promise<void>;
    try {
      stored = store.append("statement-timeout-room", Y.encodeStateAsUpdate(doc));
      await expect.poll(() => errors.length, { timeout: 5_000 }).toBeGreaterThan(1);
      // 57014: query_canceled, what PostgreSQL reports when statement_timeout ends a statement.
      expect(errors.map((error) => (error as { code?: string }).code)).toContain("57014");
      expect(store.pendingCount()).toBe(1);
    } finally {
      await lock.release();
    }
    await stored;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, await store.read("statement-timeout-room"));
    expect(copy.getMap("probe").get("written")).toBe("during the hang");
    await store.close();
    await impatient.close();
  });

  it("keeps a log row that another process commits after a compaction went past its id", async () => {
    // Ids are taken when an INSERT starts, rows become visible when it commits: with several
    // processes, a row can appear below the id a compaction already folded up to.
    const store = createUpdateStore(database, { ...DEFAULT_UPDATE_STORE_OPTIONS, compactAfterUpdates: 3 });
    const room = `late-commit-${randomUUID()}`;
    const here = new Y.Doc();
    const elsewhere = new Y.Doc();
    const updates: Uint8Array[] = [];
    here.on("update", (update: Uint8Array) => updates.push(update));
    for (let index = 0; index < 3; index++) here.getMap("m").set(`k${index}`, index);
    await Promise.all(updates.map((update) => store.append(room, update)));
    await store.flush();
    const [snapshot] = await database.sql.query<{ through: string }>(`SELECT "through_id"::text AS "through" FROM "realtime_snapshots" WHERE "room" = $1`, [room]);
    expect(snapshot).toBeDefined();

    elsewhere.getMap("m").set("late", true);
    await database.sql.query(`INSERT INTO "realtime_updates" ("id", "room", "update") VALUES ($1::bigint - 1, $2, $3)`, [snapshot!.through, room, Y.encodeStateAsUpdate(elsewhere)]);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, await store.load(room));
    expect(loaded.getMap("m").toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, late: true });

    // The next compaction folds it in too, and removes exactly what it folded.
    updates.length = 0;
    for (let index = 3; index < 6; index++) here.getMap("m").set(`k${index}`, index);
    await Promise.all(updates.map((update) => store.append(room, update)));
    await store.flush();
    expect(await database.sql.query(`SELECT 1 FROM "realtime_updates" WHERE "room" = $1`, [room])).toHaveLength(0);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, await store.load(room));
    expect(reloaded.getMap("m").toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, late: true });
    await store.close();
  });
});
