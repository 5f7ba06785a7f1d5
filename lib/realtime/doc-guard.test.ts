import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readAnnotations, readComments } from "./read-doc.ts";
import { annotationFixture, commentFixture, FIXTURE_TEXT } from "./record-fixtures.ts";
import { createDocGuard, MAX_UPDATE_BYTES, type GuardContext } from "./doc-guard.ts";
import { deleteAnnotation, writeAnnotation, writeComment } from "./write-doc.ts";

const context = { documentTextLength: Array.from(FIXTURE_TEXT).length };

/** A fresh guard over `server`, checking one update: what the room does for each client update. */
function validateDocChange(server: Y.Doc, update: Uint8Array, guardContext: GuardContext) {
  const guard = createDocGuard(server);
  try {
    return guard.check(update, guardContext);
  } finally {
    guard.destroy();
  }
}

/** The update a client sends after making `change` on its copy of the server's document. */
function updateFrom(server: Y.Doc, change: (client: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const updates: Uint8Array[] = [];
  client.on("update", (update: Uint8Array) => updates.push(update));
  change(client);
  return Y.mergeUpdates(updates);
}

/** An annotation entry written field by field, bypassing the writer's validation. */
function rawAnnotation(client: Y.Doc, id: string, fields: Record<string, unknown>): Y.Map<unknown> {
  const entry = new Y.Map<unknown>();
  client.getMap<unknown>("annotations").set(id, entry);
  for (const [field, value] of Object.entries(fields)) entry.set(field, value);
  return entry;
}

function serverWith(...setups: ((doc: Y.Doc) => void)[]): Y.Doc {
  const server = new Y.Doc();
  for (const setup of setups) setup(server);
  return server;
}

describe("DocGuard accepts", () => {
  it("a new annotation", () => {
    const server = serverWith();
    const update = updateFrom(server, (client) => writeAnnotation(client, annotationFixture()));
    expect(validateDocChange(server, update, context)).toEqual({ ok: true });
  });

  it("an annotation with a comment and a reply in one update, and the schema version", () => {
    const server = serverWith();
    const update = updateFrom(server, (client) => {
      client.getMap("meta").set("schemaVersion", 1);
      const annotation = annotationFixture();
      writeAnnotation(client, annotation);
      const comment = commentFixture(annotation.id);
      writeComment(client, comment);
      writeComment(client, commentFixture(annotation.id, { parentId: comment.id }));
    });
    expect(validateDocChange(server, update, context)).toEqual({ ok: true });
  });

  it("a field edit: retagging, resolving, editing and deleting a comment", () => {
    const annotation = annotationFixture();
    const comment = commentFixture(annotation.id);
    const server = serverWith((doc) => writeAnnotation(doc, annotation), (doc) => writeComment(doc, comment));
    const edits: ((client: Y.Doc) => void)[] = [
      (client) => writeAnnotation(client, { ...annotation, tag: "sourcing", technique: null }),
      (client) => writeAnnotation(client, { ...annotation, resolved: true, resolvedBy: "u-2", resolvedAt: 1_700_000_000_000 }),
      (client) => writeComment(client, { ...comment, body: "Edited.", updatedAt: comment.updatedAt + 1 }),
      (client) => writeComment(client, { ...comment, body: "", deleted: true }),
    ];
    for (const edit of edits) expect(validateDocChange(server, updateFrom(server, edit), context)).toEqual({ ok: true });
  });

  it("deleting an annotation together with its comments", () => {
    const annotation = annotationFixture();
    const server = serverWith(
      (doc) => writeAnnotation(doc, annotation),
      (doc) => writeComment(doc, commentFixture(annotation.id)),
    );
    const update = updateFrom(server, (client) => deleteAnnotation(client, annotation.id));
    expect(validateDocChange(server, update, context)).toEqual({ ok: true });
    Y.applyUpdate(server, update);
    expect(readAnnotations(server)).toEqual([]);
    expect(readComments(server)).toEqual([]);
  });

  it("an annotation ending exactly at the end of the text", () => {
    const server = serverWith();
    const update = updateFrom(server, (client) =>
      writeAnnotation(client, annotationFixture({ start: 65, end: 66, exact: ".", suffix: "" })),
    );
    expect(validateDocChange(server, update, context)).toEqual({ ok: true });
  });
});

describe("DocGuard accepts orphans", () => {
  it("a reply written while someone else deleted the highlight, which readers then skip", () => {
    const annotation = annotationFixture();
    const server = serverWith((doc) => writeAnnotation(doc, annotation));
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(server));
    server.getMap("annotations").delete(annotation.id);
    const updates: Uint8Array[] = [];
    offline.on("update", (update: Uint8Array) => updates.push(update));
    writeComment(offline, commentFixture(annotation.id));
    expect(validateDocChange(server, Y.mergeUpdates(updates), context)).toEqual({ ok: true });
  });
});

describe("DocGuard refuses", () => {
  const refusal = (server: Y.Doc, change: (client: Y.Doc) => void, length = context.documentTextLength) =>
    validateDocChange(server, updateFrom(server, change), { documentTextLength: length });

  it("a bad tag, naming the annotation and the field", () => {
    const annotation = annotationFixture();
    const server = serverWith((doc) => writeAnnotation(doc, annotation));
    const result = refusal(server, (client) => {
      (client.getMap("annotations").get(annotation.id) as Y.Map<unknown>).set("tag", "opinion");
    });
    expect(result).toEqual({ ok: false, reason: `annotation ${annotation.id}: tag must be one of propaganda, sourcing, context` });
  });

  it("an annotation ending beyond the article text", () => {
    const server = serverWith();
    const result = refusal(server, (client) => writeAnnotation(client, annotationFixture()), 25);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/end must be at most 25/) });
  });

  it("offsets counted in UTF-16 units instead of code points", () => {
    const server = serverWith();
    const text = "😀 Kidal";
    // "Kidal" is at code point 2, but at UTF-16 index 3.
    const result = refusal(
      server,
      (client) => rawAnnotation(client, annotationFixture().id, { ...annotationFixture(), start: 3, end: 9, exact: "Kidal" }),
      Array.from(text).length + 10,
    );
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/exact must be the end − start code points/) });
  });

  it("an entry with missing fields", () => {
    const server = serverWith();
    const id = annotationFixture().id;
    const result = refusal(server, (client) => rawAnnotation(client, id, { id, start: 1, end: 2 }));
    expect(result).toEqual({ ok: false, reason: `annotation ${id}: exact is missing` });
  });

  it("an entry with an unknown field", () => {
    const server = serverWith();
    const record = annotationFixture();
    const result = refusal(server, (client) => rawAnnotation(client, record.id, { ...record, colour: "red" }));
    expect(result).toEqual({ ok: false, reason: `annotation ${record.id}: has unknown field colour` });
  });

  it("an entry stored as a plain object or under a key other than its id", () => {
    const server = serverWith();
    const record = annotationFixture();
    expect(refusal(server, (client) => client.getMap("annotations").set(record.id, { ...record }))).toEqual({
      ok: false,
      reason: `annotation ${record.id}: must be a nested Y.Map`,
    });
    const otherKey = annotationFixture().id;
    expect(refusal(server, (client) => rawAnnotation(client, otherKey, record))).toEqual({
      ok: false,
      reason: `annotation ${otherKey}: id must equal the entry's key`,
    });
  });

  it("a nested Y type where a plain value belongs", () => {
    const annotation = annotationFixture();
    const server = serverWith((doc) => writeAnnotation(doc, annotation));
    const result = refusal(server, (client) => {
      const id = commentFixture(annotation.id).id;
      const entry = new Y.Map<unknown>();
      client.getMap("comments").set(id, entry);
      for (const [field, value] of Object.entries(commentFixture(annotation.id, { id }))) {
        entry.set(field, field === "body" ? new Y.Text(String(value)) : value);
      }
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/: body must be a string/) });
  });

  it("a root map other than meta, annotations and comments", () => {
    const server = serverWith((doc) => writeAnnotation(doc, annotationFixture()));
    const result = refusal(server, (client) => client.getMap("scratch").set("note", "hi"));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/only have the root maps meta, annotations, comments, not “scratch”/) });
    expect(refusal(server, (client) => client.getText("annotationsText").insert(0, "x"))).toMatchObject({ ok: false });
  });

  it("list content pushed into a root map", () => {
    const server = serverWith();
    const result = refusal(server, (client) => client.getArray("annotations").push([{ id: "x" }]));
    expect(result).toEqual({ ok: false, reason: "annotations: the root map may only hold entries keyed by id" });
  });

  it("a reply placed in another annotation's thread", () => {
    const annotation = annotationFixture();
    const other = annotationFixture({ start: 21, end: 29, exact: "tactical" });
    const parent = commentFixture(other.id);
    const server = serverWith(
      (doc) => writeAnnotation(doc, annotation),
      (doc) => writeAnnotation(doc, other),
      (doc) => writeComment(doc, parent),
    );
    const crossReply = commentFixture(annotation.id, { parentId: parent.id });
    expect(refusal(server, (client) => writeComment(client, crossReply))).toEqual({
      ok: false,
      reason: `comment ${crossReply.id}: parentId must refer to a comment on the same annotation`,
    });
  });

  it("another schema version, removing it, or unknown meta fields", () => {
    const server = serverWith((doc) => doc.getMap("meta").set("schemaVersion", 1));
    expect(refusal(server, (client) => client.getMap("meta").set("schemaVersion", 2))).toEqual({
      ok: false,
      reason: "meta: schemaVersion must be 1",
    });
    expect(refusal(server, (client) => client.getMap("meta").delete("schemaVersion"))).toEqual({
      ok: false,
      reason: "meta: schemaVersion must not be removed",
    });
    expect(refusal(server, (client) => client.getMap("meta").set("title", "x"))).toEqual({
      ok: false,
      reason: "meta: unknown field title",
    });
  });

  it("an oversized update without decoding it", () => {
    const server = serverWith();
    const result = validateDocChange(server, new Uint8Array(MAX_UPDATE_BYTES + 1), context);
    expect(result).toEqual({ ok: false, reason: `The update is ${MAX_UPDATE_BYTES + 1} bytes; the limit is ${MAX_UPDATE_BYTES} bytes.` });
  });

  it("bytes that are not an update", () => {
    const result = validateDocChange(serverWith(), new Uint8Array([1, 2, 3, 4, 5, 200, 200]), context);
    expect(result).toEqual({ ok: false, reason: "The update could not be decoded." });
  });

  it("an update that builds on changes the server never saw", () => {
    const client = new Y.Doc();
    writeAnnotation(client, annotationFixture());
    const seen = Y.encodeStateVector(client);
    writeAnnotation(client, annotationFixture({ tag: "context" }));
    const result = validateDocChange(serverWith(), Y.encodeStateAsUpdate(client, seen), context);
    expect(result).toEqual({ ok: false, reason: "The update depends on changes the server does not have; sync again." });
  });

  it("without changing the server's document", () => {
    const annotation = annotationFixture();
    const server = serverWith((doc) => writeAnnotation(doc, annotation));
    const stateBefore = Y.encodeStateAsUpdate(server);
    refusal(server, (client) => (client.getMap("annotations").get(annotation.id) as Y.Map<unknown>).set("tag", "x"));
    expect(Y.encodeStateAsUpdate(server)).toEqual(stateBefore);
    expect([...server.share.keys()]).toEqual(["annotations"]);
  });
});

describe("DocGuard", () => {
  it("keeps the document untouched and recovers after a refusal", () => {
    const server = serverWith((doc) => writeAnnotation(doc, annotationFixture()));
    const guard = createDocGuard(server);
    const before = Y.encodeStateAsUpdate(server);
    const bad = updateFrom(server, (client) => client.getMap<unknown>("annotations").set("x", "not a map"));
    expect(guard.check(bad, context).ok).toBe(false);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    const good = updateFrom(server, (client) => writeAnnotation(client, annotationFixture()));
    expect(guard.check(good, context)).toEqual({ ok: true });
    Y.applyUpdate(server, good);
    expect(readAnnotations(server)).toHaveLength(2);
    guard.destroy();
  });

  it("sees the entry as it was before the update when asking for permission", () => {
    const original = annotationFixture();
    const server = serverWith((doc) => writeAnnotation(doc, original));
    const guard = createDocGuard(server);
    const seen: unknown[] = [];
    const update = updateFrom(server, (client) => writeAnnotation(client, { ...original, tag: "context" }));
    const verdict = guard.check(update, {
      ...context,
      authorize: (change) => {
        seen.push(change);
        return "no";
      },
    });
    expect(verdict).toEqual({ ok: false, reason: "no" });
    expect(seen).toEqual([{ kind: "annotation", id: original.id, before: original, after: { ...original, tag: "context" } }]);
    guard.destroy();
  });
});

describe("DocGuard cost", () => {
  it("checks small updates against a document with 2,000 annotations at about the cost of applying them", () => {
    const server = new Y.Doc();
    const ids: string[] = [];
    server.transact(() => {
      for (let i = 0; i < 2_000; i += 1) {
        const record = annotationFixture({ createdAt: i, updatedAt: i });
        ids.push(record.id);
        writeAnnotation(server, record);
      }
    });
    const guard = createDocGuard(server);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const runs = 50;
    let checking = 0;
    // Each run edits a different highlight, so one read of the document serves every run.
    const records = new Map(readAnnotations(client).map((record) => [record.id, record]));
    for (let run = 0; run < runs; run += 1) {
      const target = records.get(ids[run]!);
      if (!target) throw new Error("fixture missing");
      const updates: Uint8Array[] = [];
      const collect = (update: Uint8Array) => updates.push(update);
      client.on("update", collect);
      writeAnnotation(client, { ...target, tag: run % 2 ? "context" : "sourcing" });
      client.off("update", collect);
      const update = Y.mergeUpdates(updates);
      const started = performance.now();
      expect(guard.check(update, context)).toEqual({ ok: true });
      checking += performance.now() - started;
      Y.applyUpdate(server, update);
    }
    console.log(
      `DocGuard.check: ${(checking / runs).toFixed(2)} ms per small update against 2,000 annotations ` +
        `(${Y.encodeStateAsUpdate(server).byteLength} bytes of state), mean of ${runs} runs`,
    );
    guard.destroy();
  });
});
