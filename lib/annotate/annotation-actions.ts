import type * as Y from "yjs";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { AppError } from "@/lib/errors.ts";
import type { AnnotationRecord, CommentRecord, Tag } from "@/lib/realtime/doc-schema.ts";
import { deleteAnnotation, writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import type { TextRange } from "./dom-offsets.ts";
import type { UndoEntry } from "./undo-history.ts";

/** Transaction origin of the user's own edits: the room store does not announce them back. */
export const LOCAL_ORIGIN = "marginalia-local";

export type Me = { id: string; name: string };

/** Everything an action needs: the room document, who acts, and the canonical text for anchors. */
export type ActionContext = { doc: Y.Doc; me: Me; text: string };

/*
 * Each action writes one transaction (one update for peers) and returns how to undo and redo
 * it. Undo entries write the earlier values back as a new edit with a fresh `updatedAt`, so
 * they pass the same server checks as any other edit by this user.
 */

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

/** Rewrites the listed fields of an annotation, keeping every other field as it is now. */
function updateAnnotation(doc: Y.Doc, id: string, fields: Partial<AnnotationRecord>) {
  const current = doc.getMap<Y.Map<unknown>>("annotations").get(id);
  if (!current) throw new AppError("NOT_FOUND", "This highlight was deleted meanwhile.");
  writeAnnotation(doc, { ...(current.toJSON() as AnnotationRecord), ...fields, updatedAt: Date.now() }, LOCAL_ORIGIN);
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
    undo: () => updateAnnotation(doc, record.id, before),
    redo: () => updateAnnotation(doc, record.id, { tag, technique }),
  };
}

export function setResolved({ doc, me }: ActionContext, record: AnnotationRecord, resolved: boolean): UndoEntry {
  const resolution = (value: boolean) =>
    value ? { resolved: true, resolvedBy: me.id, resolvedAt: Date.now() } : { resolved: false, resolvedBy: null, resolvedAt: null };
  updateAnnotation(doc, record.id, resolution(resolved));
  return {
    label: `${resolved ? "resolving" : "reopening"} the thread on “${shorten(record.exact)}”`,
    undo: () => updateAnnotation(doc, record.id, resolution(!resolved)),
    redo: () => updateAnnotation(doc, record.id, resolution(resolved)),
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
      undo: () => writeComment(doc, { ...record, body: "", deleted: true, updatedAt: Date.now() }, LOCAL_ORIGIN),
      redo: () => writeComment(doc, { ...record, updatedAt: Date.now() }, LOCAL_ORIGIN),
    },
  };
}

export function editComment({ doc }: ActionContext, record: CommentRecord, body: string): UndoEntry {
  writeComment(doc, { ...record, body, updatedAt: Date.now() }, LOCAL_ORIGIN);
  return {
    label: "your edit",
    undo: () => writeComment(doc, { ...record, updatedAt: Date.now() }, LOCAL_ORIGIN),
    redo: () => writeComment(doc, { ...record, body, updatedAt: Date.now() }, LOCAL_ORIGIN),
  };
}

export function deleteComment({ doc }: ActionContext, record: CommentRecord): UndoEntry {
  writeComment(doc, { ...record, body: "", deleted: true, updatedAt: Date.now() }, LOCAL_ORIGIN);
  return {
    label: "deleting your comment",
    undo: () => writeComment(doc, { ...record, updatedAt: Date.now() }, LOCAL_ORIGIN),
    redo: () => writeComment(doc, { ...record, body: "", deleted: true, updatedAt: Date.now() }, LOCAL_ORIGIN),
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

export function shorten(text: string, length = 40): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length > length ? `${chars.slice(0, length - 1).join("")}…` : chars.join("");
}
