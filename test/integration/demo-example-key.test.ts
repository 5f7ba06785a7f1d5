import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { EXAMPLE_KEY } from "@/lib/classroom/example-key-data.ts";
import { exampleKeyIds } from "@/lib/classroom/example-key.ts";
import { EXAMPLE_KEY_AUTHOR, seedDemoExampleKey } from "@/lib/classroom/seed-demo-example-key.ts";
import type { Database } from "@/lib/db/database.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { createLogger } from "@/lib/logger.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { startRealtime, waitFor, type RealtimeHarness } from "./realtime-harness.ts";

const logger = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");

describe.each(backends)("the demo's example key on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;
  let harness: RealtimeHarness;
  let demoId = "";

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    demoId = (await seedDemoDocument(database.prisma)).id;
    harness = await startRealtime(database);
  });
  afterAll(async () => {
    await harness?.close();
    await database?.close();
    await storage?.destroy();
  });

  it("is written once into the demo room and its projection, and a restart writes nothing", async () => {
    expect(await seedDemoExampleKey(database.prisma, harness.realtime, logger)).toEqual({ written: 2 * EXAMPLE_KEY.length });

    // What an anonymous visitor of /demo receives over the websocket.
    const visitor = harness.client(demoId, null);
    await visitor.synced();
    await waitFor(visitor.doc, () => readAnnotations(visitor.doc).length === EXAMPLE_KEY.length);
    const annotations = readAnnotations(visitor.doc);
    expect(annotations.every((annotation) => annotation.authorName === EXAMPLE_KEY_AUTHOR.authorName)).toBe(true);
    expect(annotations.find((annotation) => annotation.id === exampleKeyIds("several-sources").annotationId)).toMatchObject({
      exact: "according to several sources",
      tag: "sourcing",
      technique: "anonymous-source",
    });
    expect(readComments(visitor.doc).map((comment) => comment.body).sort()).toEqual(EXAMPLE_KEY.map((item) => item.explanation).sort());
    visitor.destroy();

    // Exports read the projection.
    expect(await database.prisma.annotation.count({ where: { documentId: demoId } })).toBe(EXAMPLE_KEY.length);
    expect(await database.prisma.annotationComment.count({ where: { annotation: { documentId: demoId } } })).toBe(EXAMPLE_KEY.length);

    expect(await seedDemoExampleKey(database.prisma, harness.realtime, logger, Date.now() + 60_000)).toEqual({ written: 0 });
  });

  it("restores a passage that went missing and a changed explanation on the next start", async () => {
    const { annotationId, commentId } = exampleKeyIds("own-means");
    await harness.realtime.change(demoId, { deleteAnnotations: [annotationId] });
    const { commentId: otherComment } = exampleKeyIds("feat-of-arms");
    const edited = readComments(await roomDoc()).find((each) => each.id === otherComment)!;
    await harness.realtime.change(demoId, { comments: [{ ...edited, body: "An older wording." }] });

    // The highlight, its explanation and the edited explanation: three records.
    expect(await seedDemoExampleKey(database.prisma, harness.realtime, logger)).toEqual({ written: 3 });
    const doc = await roomDoc();
    expect(readAnnotations(doc).some((annotation) => annotation.id === annotationId)).toBe(true);
    expect(readComments(doc).some((each) => each.id === commentId)).toBe(true);
    expect(readComments(doc).find((each) => each.id === otherComment)?.body).toBe(EXAMPLE_KEY.find((item) => item.slug === "feat-of-arms")!.explanation);
  });

  async function roomDoc() {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await harness.realtime.state(demoId));
    return doc;
  }
});
