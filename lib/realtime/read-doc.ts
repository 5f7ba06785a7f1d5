import type * as Y from "yjs";
import type { AnnotationRecord, CommentRecord, RootName } from "./doc-schema.ts";
import { parseAnnotationEntry, parseCommentEntry } from "./parse-entry.ts";

/*
 * Y.Map iteration order is the order entries arrived in, which differs between peers, so both
 * readers sort: every client renders the same list in the same order.
 */

/** Code-unit order, not locale order: the same on every peer. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Text order, then oldest first: how every reader lists annotations. */
export function compareAnnotations(a: AnnotationRecord, b: AnnotationRecord): number {
  return a.start - b.start || a.end - b.end || a.createdAt - b.createdAt || compareIds(a.id, b.id);
}

/** Oldest first: how every reader lists comments. */
export function compareComments(a: CommentRecord, b: CommentRecord): number {
  return a.createdAt - b.createdAt || compareIds(a.id, b.id);
}

/**
 * The room's annotations as plain records, in text order (then oldest first). Entries that do
 * not match the schema are skipped, never thrown: one bad entry must not blank the margin.
 */
export function readAnnotations(doc: Y.Doc): AnnotationRecord[] {
  const records: AnnotationRecord[] = [];
  for (const [key, value] of doc.getMap<unknown>("annotations" satisfies RootName).entries()) {
    const result = parseAnnotationEntry(key, value);
    if (result.ok) records.push(result.record);
  }
  return records.sort(compareAnnotations);
}

/** The room's comments as plain records, oldest first. Invalid entries are skipped. */
export function readComments(doc: Y.Doc): CommentRecord[] {
  const records: CommentRecord[] = [];
  for (const [key, value] of doc.getMap<unknown>("comments" satisfies RootName).entries()) {
    const result = parseCommentEntry(key, value);
    if (result.ok) records.push(result.record);
  }
  return records.sort(compareComments);
}
