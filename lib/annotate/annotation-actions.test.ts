import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { addComment, createHighlight, deleteComment, deleteHighlight, editComment, setLabel, setResolved } from "./annotation-actions.ts";
import { UndoHistory } from "./undo-history.ts";

const TEXT = "Officially, it is a tactical withdrawal to avoid urban fighting.";
const me = { id: "user-a", name: "Awa Traoré" };

function setup() {
  const doc = new Y.Doc();
  return { context: { doc, me, text: TEXT }, doc, history: new UndoHistory() };
}

describe("annotation actions with undo and redo", () => {
  it("highlights with a full anchor, relabels, resolves, and undoes each step in order", () => {
    const { context, doc, history } = setup();
    const { record, entry } = createHighlight(context, { start: 20, end: 39 }, "propaganda", null);
    history.record(entry);
    expect(record).toMatchObject({ exact: "tactical withdrawal", prefix: "Officially, it is a ", authorId: "user-a" });
    history.record(setLabel(context, record, "propaganda", "loaded-language"));
    history.record(setResolved(context, readAnnotations(doc)[0]!, true));
    expect(readAnnotations(doc)[0]).toMatchObject({ technique: "loaded-language", resolved: true, resolvedBy: "user-a" });

    history.undo();
    expect(readAnnotations(doc)[0]).toMatchObject({ resolved: false, resolvedBy: null });
    history.undo();
    expect(readAnnotations(doc)[0]!.technique).toBeNull();
    history.undo();
    expect(readAnnotations(doc)).toHaveLength(0);
    history.redo();
    expect(readAnnotations(doc)[0]!.id).toBe(record.id);
    expect(history.undo()).not.toBeNull();
  });

  it("undoes a comment by marking it deleted, and an edit by restoring the body", () => {
    const { context, doc, history } = setup();
    const { record } = createHighlight(context, { start: 20, end: 28 }, "sourcing", null);
    const added = addComment(context, record.id, null, "Who says so?");
    history.record(added.entry);
    history.record(editComment(context, added.record, "Who says so, exactly?"));
    expect(readComments(doc)[0]!.body).toBe("Who says so, exactly?");
    history.undo();
    expect(readComments(doc)[0]!.body).toBe("Who says so?");
    history.undo();
    expect(readComments(doc)[0]).toMatchObject({ deleted: true, body: "" });
    history.redo();
    expect(readComments(doc)[0]).toMatchObject({ deleted: false, body: "Who says so?" });
  });

  it("refuses to undo a highlight others replied to, and moves on to the action before it", () => {
    const { context, doc, history } = setup();
    const first = createHighlight(context, { start: 20, end: 28 }, "sourcing", null);
    history.record(first.entry);
    const { record, entry } = createHighlight(context, { start: 0, end: 10 }, "context", null);
    history.record(entry);
    addComment({ ...context, me: { id: "user-b", name: "Jean" } }, record.id, null, "Agreed");
    expect(() => history.undo()).toThrow(/replied/);
    expect(readAnnotations(doc)).toHaveLength(2);
    expect(history.undo()).toBe(first.entry);
    expect(readAnnotations(doc).map((annotation) => annotation.id)).toEqual([record.id]);
  });

  it("never overwrites what someone else changed since: label, resolution, comments", () => {
    const { context, doc, history } = setup();
    const jean = { ...context, me: { id: "user-b", name: "Jean" } };
    const { record } = createHighlight(context, { start: 20, end: 39 }, "propaganda", null);
    history.record(setLabel(context, record, "propaganda", "loaded-language"));
    setLabel(jean, readAnnotations(doc)[0]!, "propaganda", "euphemism");
    expect(() => history.undo()).toThrow(/changed since/);
    expect(readAnnotations(doc)[0]!.technique).toBe("euphemism");

    history.record(setResolved(context, readAnnotations(doc)[0]!, true));
    setResolved(jean, readAnnotations(doc)[0]!, false);
    setResolved(jean, readAnnotations(doc)[0]!, true);
    expect(() => history.undo()).toThrow(/changed since/);
    expect(readAnnotations(doc)[0]).toMatchObject({ resolved: true, resolvedBy: "user-b" });

    // Undo, then someone reopens; redo would resolve again over their reopening: refused too.
    history.record(setResolved(context, readAnnotations(doc)[0]!, false));
    history.undo();
    expect(readAnnotations(doc)[0]).toMatchObject({ resolved: true, resolvedBy: "user-a" });
    setResolved(jean, readAnnotations(doc)[0]!, false);
    expect(() => history.redo()).toThrow(/changed since/);

    // A comment edited again in another tab keeps that text when the first edit is undone.
    const added = addComment(context, record.id, null, "Who says so?");
    history.record(editComment(context, added.record, "Who says so, exactly?"));
    editComment(context, readComments(doc)[0]!, "Who says so? Name them.");
    expect(() => history.undo()).toThrow(/changed since/);
    expect(readComments(doc)[0]!.body).toBe("Who says so? Name them.");
  });

  it("an owner's deletion of someone else's comment cannot be undone (it is theirs to restore)", () => {
    const { context, doc } = setup();
    const { record } = createHighlight(context, { start: 20, end: 28 }, "sourcing", null);
    const theirs = addComment({ ...context, me: { id: "user-b", name: "Jean" } }, record.id, null, "Off topic");
    expect(deleteComment(context, theirs.record)).toBeNull();
    expect(readComments(doc)[0]).toMatchObject({ deleted: true, body: "" });
    expect(deleteComment(context, addComment(context, record.id, null, "Mine").record)).not.toBeNull();
  });

  it("restores a deleted highlight with the user's own thread, but not someone else's thread", () => {
    const { context, doc, history } = setup();
    const { record } = createHighlight(context, { start: 0, end: 10 }, "context", "missing-background");
    addComment(context, record.id, null, "Needs the 2012 background.");
    const entry = deleteHighlight(context, record, readComments(doc));
    expect(readAnnotations(doc)).toHaveLength(0);
    history.record(entry!);
    history.undo();
    expect(readAnnotations(doc)).toHaveLength(1);
    expect(readComments(doc)).toHaveLength(1);

    addComment({ ...context, me: { id: "user-b", name: "Jean" } }, record.id, null, "Mine");
    expect(deleteHighlight(context, readAnnotations(doc)[0]!, readComments(doc))).toBeNull();
  });
});
