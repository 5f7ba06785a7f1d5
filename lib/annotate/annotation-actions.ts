import type * as Y from "yjs";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { AppError } from "@/lib/errors.ts";
import type { AnnotationRecord, CommentRecord, Tag } from "@/lib/realtime/doc-schema.ts";
import { deleteAnnotation, writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import type { TextRange } from "./dom-offsets.ts";
import { shorten } from "./shorten.ts";
import type { UndoEntry } from "./undo-history.ts";

/** Transaction origin of the user's own edits: the room store does not announce them back. */
export const LOCAL_ORIGIN = "marginalia-local";

export type Me = { id: string; name: string };

/** Everything an action needs: the room document, who acts, and the canonical text for anchors. */
export type ActionContext = { doc: Y.Doc; me: Me; text: string };

/*
 * Each action writes one transaction (one update for peers) and returns how to undo and redo
 * it. Undo entries write the earlier values back as a new edit with a fresh `updatedAt`, so
 * they pass the same server checks as any other edit by this user. They only take back what the
 * action itself left: if someone (or the user in another tab) changed those fields since, the
 * undo is refused rather than overwriting the newer change.
 */

function changedSince(): AppError {
  return new AppError("CONFLICT", "It was changed since, by someone else or in another tab, so it cannot be undone.");
}

function holds<T extends object>(current: T, expected: Partial<T>): boolean {
  return Object.entries(expected).every(([key, value]) => current[key as keyof T] === value);
}

export function createHighlight(
  { doc, me, text }: ActionContext,
  range: TextRange,
  tag: Tag,
  technique: string | null,
): { record: AnnotationRecord; entry: UndoEntry } {
  const now = Date.now();
  const record: AnnotationRecord = {
    id: crypto.randomUUID(),
    ...textQuoteAnchor(text, range.start, range.end),
    tag,
    technique,
    authorId: me.id,
    authorName: me.name,
    createdAt: now,
    updatedAt: now,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
  };
  writeAnnotation(doc, record, LOCAL_ORIGIN);
  return {
    record,
    entry: {
      label: `highlight “${shorten(record.exact)}”`,
      undo: () => removeIfUndiscussed(doc, me, record.id),
      redo: () => writeAnnotation(doc, { ...record, updatedAt: Date.now() }, LOCAL_ORIGIN),
    },
  };
}

function removeIfUndiscussed(doc: Y.Doc, me: Me, id: string) {
  const comments = doc.getMap<Y.Map<unknown>>("comments");
  const othersReplied = [...comments.values()].some((entry) => entry.get("annotationId") === id && entry.get("authorId") !== me.id);
  if (othersReplied) throw new AppError("CONFLICT", "Others have replied to this highlight, so it cannot be undone.");
  deleteAnnotation(doc, id, LOCAL_ORIGIN);
}

/**
 * Rewrites the listed fields of an annotation, keeping every other field as it is now; with
 * `expected`, only if the annotation still holds those values (what the action being undone or
 * redone left there).
 */
function updateAnnotation(doc: Y.Doc, id: string, fields: Partial<AnnotationRecord>, expected?: Partial<AnnotationRecord>) {
  const entry = doc.getMap<Y.Map<unknown>>("annotations").get(id);
  if (!entry) throw new AppError("NOT_FOUND", "This highlight was deleted meanwhile.");
  const current = entry.toJSON() as AnnotationRecord;
  if (expected && !holds(current, expected)) throw changedSince();
  writeAnnotation(doc, { ...current, ...fields, updatedAt: Date.now() }, LOCAL_ORIGIN);
}

/** Rewrites a comment from `record` (the user's own), only if it still holds `expected`. */
function updateComment(doc: Y.Doc, record: CommentRecord, fields: Partial<CommentRecord>, expected: Partial<CommentRecord>) {
  const entry = doc.getMap<Y.Map<unknown>>("comments").get(record.id);
  if (!entry) throw new AppError("NOT_FOUND", "This comment's highlight was deleted meanwhile.");
  if (!holds(entry.toJSON() as CommentRecord, expected)) throw changedSince();
  writeComment(doc, { ...record, ...fields, updatedAt: Date.now() }, LOCAL_ORIGIN);
}

export function setLabel(
  { doc }: ActionContext,
  record: AnnotationRecord,
  tag: Tag,
  technique: string | null,
): UndoEntry {
  const before = { tag: record.tag, technique: record.technique };
  updateAnnotation(doc, record.id, { tag, technique });
  return {
    label: `label of “${shorten(record.exact)}”`,
    undo: () => updateAnnotation(doc, record.id, before, { tag, technique }),
    redo: () => updateAnnotation(doc, record.id, { tag, technique }, before),
  };
}

export function setResolved({ doc, me }: ActionContext, record: AnnotationRecord, resolved: boolean): UndoEntry {
  const resolution = (value: boolean) =>
    value ? { resolved: true, resolvedBy: me.id, resolvedAt: Date.now() } : { resolved: false, resolvedBy: null, resolvedAt: null };
  // Who resolved it tells this user's resolution from someone else's later one. Undoing a reopen
  // resolves the thread in this user's name: nobody may resolve in someone else's.
  const state = (value: boolean) => (value ? { resolved: true, resolvedBy: me.id } : { resolved: false });
  updateAnnotation(doc, record.id, resolution(resolved));
  return {
    label: `${resolved ? "resolving" : "reopening"} the thread on “${shorten(record.exact)}”`,
    undo: () => updateAnnotation(doc, record.id, resolution(!resolved), state(resolved)),
    redo: () => updateAnnotation(doc, record.id, resolution(resolved), state(!resolved)),
  };
}

export function addComment(
  { doc, me }: ActionContext,
  annotationId: string,
  parentId: string | null,
  body: string,
): { record: CommentRecord; entry: UndoEntry } {
  const now = Date.now();
  const record: CommentRecord = {
    id: crypto.randomUUID(),
    annotationId,
    parentId,
    authorId: me.id,
    authorName: me.name,
    body,
    createdAt: now,
    updatedAt: now,
    deleted: false,
  };
  writeComment(doc, record, LOCAL_ORIGIN);
  return {
    record,
    entry: {
      label: parentId ? "your reply" : "your comment",
      undo: () => updateComment(doc, record, { body: "", deleted: true }, { body, deleted: false }),
      redo: () => updateComment(doc, record, {}, { deleted: true }),
    },
  };
}

export function editComment({ doc }: ActionContext, record: CommentRecord, body: string): UndoEntry {
  writeComment(doc, { ...record, body, updatedAt: Date.now() }, LOCAL_ORIGIN);
  return {
    label: "your edit",
    undo: () => updateComment(doc, record, {}, { body, deleted: false }),
    redo: () => updateComment(doc, record, { body }, { body: record.body, deleted: false }),
  };
}

/**
 * Deletes a comment (an owner may delete anyone's). Undoable only for the user's own: restoring
 * someone else's words is theirs to do, and the server would refuse it.
 */
export function deleteComment({ doc, me }: ActionContext, record: CommentRecord): UndoEntry | null {
  writeComment(doc, { ...record, body: "", deleted: true, updatedAt: Date.now() }, LOCAL_ORIGIN);
  if (record.authorId !== me.id) return null;
  return {
    label: "deleting your comment",
    undo: () => updateComment(doc, record, {}, { deleted: true }),
    redo: () => updateComment(doc, record, { body: "", deleted: true }, { body: record.body, deleted: false }),
  };
}

/**
 * Deletes a highlight with its thread. Undoable only when every comment in it is the user's
 * own: nobody may write comments in someone else's name, not even to restore them.
 */
export function deleteHighlight({ doc, me }: ActionContext, record: AnnotationRecord, thread: readonly CommentRecord[]): UndoEntry | null {
  deleteAnnotation(doc, record.id, LOCAL_ORIGIN);
  if (record.authorId !== me.id || thread.some((comment) => comment.authorId !== me.id)) return null;
  return {
    label: `deleting “${shorten(record.exact)}”`,
    undo: () =>
      doc.transact(() => {
        writeAnnotation(doc, { ...record, updatedAt: Date.now() }, LOCAL_ORIGIN);
        for (const comment of thread) writeComment(doc, comment, LOCAL_ORIGIN);
      }, LOCAL_ORIGIN),
    redo: () => deleteAnnotation(doc, record.id, LOCAL_ORIGIN),
  };
}
