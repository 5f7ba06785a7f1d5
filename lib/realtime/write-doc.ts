import * as Y from "yjs";
import { AppError } from "@/lib/errors.ts";
import type { AnnotationRecord, CommentRecord, RootName } from "./doc-schema.ts";
import { parseAnnotationFields, parseCommentFields, type EntryResult } from "./parse-entry.ts";

/*
 * Writers validate first, so a client never sends what the server would refuse, and each runs
 * in one transaction, so peers see one update (and one undo step) per call. `origin` is handed
 * to `doc.transact` for undo managers and providers to tell local edits apart.
 */

function assertValid<T>(result: EntryResult<T>): void {
  if (!result.ok) throw new AppError("BAD_REQUEST", `Refusing to write ${result.reason}.`);
}

/**
 * Sets the entry's fields to the record's values. Unchanged fields are left alone: rewriting
 * them would overwrite a peer's concurrent edit of another field (each key is last-writer-wins).
 */
function setFields(root: Y.Map<unknown>, record: { id: string }): void {
  const existing = root.get(record.id);
  const entry = existing instanceof Y.Map ? (existing as Y.Map<unknown>) : new Y.Map<unknown>();
  if (entry !== existing) root.set(record.id, entry);
  for (const [field, value] of Object.entries(record)) {
    if (!entry.has(field) || entry.get(field) !== value) entry.set(field, value);
  }
}

/** Creates or updates an annotation (every field is set to the record's value). */
export function writeAnnotation(doc: Y.Doc, record: AnnotationRecord, origin?: unknown): void {
  assertValid(parseAnnotationFields(record.id, record));
  doc.transact(() => setFields(doc.getMap("annotations" satisfies RootName), record), origin);
}

/** Creates or updates a comment. Its annotation must exist; "delete" by writing `deleted: true, body: ""`. */
export function writeComment(doc: Y.Doc, record: CommentRecord, origin?: unknown): void {
  assertValid(parseCommentFields(record.id, record));
  doc.transact(() => {
    if (!(doc.getMap("annotations" satisfies RootName).get(record.annotationId) instanceof Y.Map)) {
      throw new AppError("BAD_REQUEST", `Refusing to write comment ${record.id}: annotation ${record.annotationId} does not exist.`);
    }
    setFields(doc.getMap("comments" satisfies RootName), record);
  }, origin);
}

/** Removes an annotation and its whole comment thread; comments never outlive their annotation. */
export function deleteAnnotation(doc: Y.Doc, id: string, origin?: unknown): void {
  doc.transact(() => {
    const comments = doc.getMap<unknown>("comments" satisfies RootName);
    for (const [key, value] of comments.entries()) {
      if (value instanceof Y.Map && value.get("annotationId") === id) comments.delete(key);
    }
    doc.getMap("annotations" satisfies RootName).delete(id);
  }, origin);
}
