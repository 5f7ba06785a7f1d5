import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { AppError } from "@/lib/errors.ts";
import { annotationFixture, commentFixture } from "./record-fixtures.ts";
import { readAnnotations, readComments } from "./read-doc.ts";
import { deleteAnnotation, writeAnnotation, writeComment } from "./write-doc.ts";

describe("writing and reading the room document", () => {
  it("stores each record as a nested Y.Map with every field and reads it back", () => {
    const doc = new Y.Doc();
    const annotation = annotationFixture();
    const comment = commentFixture(annotation.id);
    writeAnnotation(doc, annotation);
    writeComment(doc, comment);

    const entry = doc.getMap("annotations").get(annotation.id);
    expect(entry).toBeInstanceOf(Y.Map);
    expect((entry as Y.Map<unknown>).toJSON()).toEqual(annotation);
    expect(readAnnotations(doc)).toEqual([annotation]);
    expect(readComments(doc)).toEqual([comment]);
  });

  it("syncs to a peer, and an edit only sends the changed fields", () => {
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    const annotation = annotationFixture();
    writeAnnotation(alice, annotation);
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
    expect(readAnnotations(bob)).toEqual([annotation]);

    // Concurrent edits of different fields both survive.
    writeAnnotation(alice, { ...annotation, tag: "context", technique: null, updatedAt: annotation.updatedAt + 1 });
    writeAnnotation(bob, { ...annotation, resolved: true, resolvedBy: "bob", resolvedAt: 5, updatedAt: annotation.updatedAt + 2 });
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob));
    const [merged] = readAnnotations(alice);
    expect(merged).toMatchObject({ tag: "context", technique: null, resolved: true, resolvedBy: "bob" });
    expect(readAnnotations(bob)).toEqual(readAnnotations(alice));
  });

  it("runs each write in one transaction with the given origin", () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on("afterTransaction", (transaction) => origins.push(transaction.origin));
    const origin = { user: "local" };
    const annotation = annotationFixture();
    writeAnnotation(doc, annotation, origin);
    writeComment(doc, commentFixture(annotation.id), origin);
    deleteAnnotation(doc, annotation.id, origin);
    expect(origins).toEqual([origin, origin, origin]);
  });

  it("deletes an annotation together with its thread, and leaves other threads alone", () => {
    const doc = new Y.Doc();
    const first = annotationFixture();
    const second = annotationFixture({ start: 21, end: 29, exact: "tactical" });
    writeAnnotation(doc, first);
    writeAnnotation(doc, second);
    const root = commentFixture(first.id);
    writeComment(doc, root);
    writeComment(doc, commentFixture(first.id, { parentId: root.id }));
    const kept = commentFixture(second.id);
    writeComment(doc, kept);

    deleteAnnotation(doc, first.id);
    expect(readAnnotations(doc)).toEqual([second]);
    expect(readComments(doc)).toEqual([kept]);
  });

  it("refuses to write invalid records or comments on missing annotations", () => {
    const doc = new Y.Doc();
    expect(() => writeAnnotation(doc, annotationFixture({ end: 99 }))).toThrow(AppError);
    expect(() => writeComment(doc, commentFixture(annotationFixture().id))).toThrow(/does not exist/);
    expect(doc.getMap("annotations").size + doc.getMap("comments").size).toBe(0);
  });

  it("skips invalid entries when reading, and sorts by position and time", () => {
    const doc = new Y.Doc();
    const late = annotationFixture({ start: 21, end: 29, exact: "tactical" });
    const early = annotationFixture();
    writeAnnotation(doc, late);
    writeAnnotation(doc, early);
    const annotations = doc.getMap<unknown>("annotations");
    annotations.set("plain-object", { id: "plain-object" });
    const broken = new Y.Map<unknown>();
    annotations.set(annotationFixture().id, broken);
    broken.set("tag", "opinion");
    const mismatched = annotationFixture();
    const entry = new Y.Map<unknown>();
    annotations.set(annotationFixture().id, entry);
    for (const [field, value] of Object.entries(mismatched)) entry.set(field, value);

    expect(readAnnotations(doc).map((record) => record.id)).toEqual([early.id, late.id]);

    const newer = commentFixture(early.id, { createdAt: 2 });
    const older = commentFixture(early.id, { createdAt: 1 });
    writeComment(doc, newer);
    writeComment(doc, older);
    doc.getMap<unknown>("comments").set("junk", "not a comment");
    expect(readComments(doc)).toEqual([older, newer]);
  });
});
