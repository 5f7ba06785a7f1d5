import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { annotationFixture, commentFixture } from "@/lib/realtime/record-fixtures.ts";
import { deleteAnnotation, writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { RoomStore, type RemoteArrival } from "./room-store.ts";

const REMOTE = Symbol("remote");

function setup() {
  const doc = new Y.Doc();
  const flushes: (() => void)[] = [];
  const store = new RoomStore(doc, (origin) => origin === REMOTE, (flush) => flushes.push(flush));
  const flush = () => flushes.splice(0).forEach((run) => run());
  return { doc, store, flush };
}

describe("RoomStore", () => {
  it("keeps sorted records and threads in step with the document, once per batch", () => {
    const { doc, store, flush } = setup();
    let notified = 0;
    store.subscribe(() => (notified += 1));
    const later = annotationFixture({ start: 40, end: 50 });
    const earlier = annotationFixture({ start: 2, end: 12 });
    writeAnnotation(doc, later);
    writeAnnotation(doc, earlier);
    writeComment(doc, commentFixture(later.id));
    flush();
    expect(notified).toBe(1);
    expect(store.getSnapshot().annotations.map((record) => record.id)).toEqual([earlier.id, later.id]);
    expect(store.getSnapshot().threads.get(later.id)).toHaveLength(1);

    writeAnnotation(doc, { ...later, resolved: true, resolvedBy: later.authorId, resolvedAt: 1, updatedAt: 2 });
    flush();
    expect(store.getSnapshot().annotations[1]!.resolved).toBe(true);

    deleteAnnotation(doc, later.id);
    flush();
    expect(store.getSnapshot().annotations.map((record) => record.id)).toEqual([earlier.id]);
    expect(store.getSnapshot().comments).toHaveLength(0);
  });

  it("announces only new entries from remote origins", () => {
    const { doc, store } = setup();
    const arrivals: RemoteArrival[] = [];
    store.onRemoteArrival((arrival) => arrivals.push(arrival));
    const mine = annotationFixture();
    writeAnnotation(doc, mine, "local");
    const theirs = annotationFixture({ start: 9, end: 19 });
    writeAnnotation(doc, theirs, REMOTE);
    writeAnnotation(doc, { ...theirs, updatedAt: theirs.updatedAt + 1, technique: "doubt" }, REMOTE);
    writeComment(doc, commentFixture(mine.id), REMOTE);
    expect(arrivals.map((arrival) => [arrival.kind, arrival.record.id])).toEqual([
      ["annotation", theirs.id],
      ["comment", expect.any(String)],
    ]);
    expect(arrivals[1]).toMatchObject({ annotation: { id: mine.id } });
  });

  it("skips entries that do not match the schema", () => {
    const { doc, store, flush } = setup();
    const broken = new Y.Map<unknown>();
    doc.getMap("annotations").set("not-a-uuid", broken);
    broken.set("tag", "nonsense");
    writeAnnotation(doc, annotationFixture());
    flush();
    expect(store.getSnapshot().annotations).toHaveLength(1);
  });
});
