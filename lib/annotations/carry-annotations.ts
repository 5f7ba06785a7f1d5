import type { AppContext } from "@/lib/app-context.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { annotationSchema, commentSchema, QUOTE_CONTEXT_CODE_POINTS, type AnnotationRecord, type CommentRecord } from "@/lib/realtime/doc-schema.ts";
import type { RoomChange } from "@/lib/realtime/room-change.ts";
import { derivedUuid } from "./derived-uuid.ts";
import { projectionRecords } from "./projection-records.ts";
import { reanchorAll } from "./reanchor.ts";
import { textQuoteAnchor, type TextQuoteAnchor } from "./text-quote-anchor.ts";

export type VersionRecords = { annotations: readonly AnnotationRecord[]; comments: readonly CommentRecord[] };

export type CarryOverPlan = {
  /** What to write to the new version's room: the placed annotations and their threads, under new ids. */
  change: Required<Pick<RoomChange, "annotations" | "comments">>;
  /** Annotations of the previous version that have no place on the new text. */
  orphans: AnnotationRecord[];
};

/**
 * The id of record `id`'s copy in document `documentId`: a new UUID (version 8, from SHA-256),
 * but the same every time, so carrying a version's annotations over twice writes the same
 * entries instead of duplicating them.
 */
export function carriedId(documentId: string, id: string): string {
  return derivedUuid(`marginalia:carried:${documentId}:${id}`);
}

/**
 * `textQuoteAnchor` for many ranges of one text. It counts code points from the text's start
 * each time, which for 2,000 annotations on a 200 KB article adds up to seconds; here each
 * range reads only the window around it, located through a code point → UTF-16 index table.
 */
function quoteAnchors(text: string): (start: number, end: number) => TextQuoteAnchor {
  const unitIndex: number[] = [];
  let unit = 0;
  for (const char of text) {
    unitIndex.push(unit);
    unit += char.length;
  }
  unitIndex.push(unit);
  const at = (codePoint: number) => unitIndex[Math.min(codePoint, unitIndex.length - 1)]!;
  return (start, end) => {
    const from = Math.max(0, start - QUOTE_CONTEXT_CODE_POINTS);
    const window = text.slice(at(from), at(end + QUOTE_CONTEXT_CODE_POINTS));
    return { ...textQuoteAnchor(window, start - from, end - from), start, end };
  };
}

/**
 * Which of the previous version's annotations land where on the new version's text, as the
 * change that writes them to the new room. Placed annotations get new ids, their new range and
 * a quote and context read afresh from the new text; author, tag, technique, times and
 * resolution stay. Their comments follow with new ids (replies keep pointing at their parent).
 * An annotation `reanchor` cannot place, or whose new quote the schema would refuse (longer
 * than it allows), is an orphan and is left out with its thread.
 */
export function planCarryOver(previous: VersionRecords, text: string, documentId: string): CarryOverPlan {
  const { placed, orphans } = reanchorAll(previous.annotations, text);
  const anchorOf = quoteAnchors(text);
  const annotations: AnnotationRecord[] = [];
  const annotationIds = new Map<string, string>();
  const plan: CarryOverPlan = { change: { annotations, comments: [] }, orphans };
  for (const { annotation, start, end } of placed) {
    const copy = annotationSchema.safeParse({ ...annotation, id: carriedId(documentId, annotation.id), ...anchorOf(start, end) });
    if (!copy.success) {
      orphans.push(annotation);
      continue;
    }
    annotations.push(copy.data);
    annotationIds.set(annotation.id, copy.data.id);
  }
  // Input order for orphans, whichever step found them.
  const order = new Map(previous.annotations.map((annotation, index) => [annotation.id, index]));
  orphans.sort((a, b) => order.get(a.id)! - order.get(b.id)!);

  const commentIds = new Map(previous.comments.map((comment) => [comment.id, carriedId(documentId, comment.id)]));
  for (const comment of previous.comments) {
    const annotationId = annotationIds.get(comment.annotationId);
    if (!annotationId) continue;
    const copy = commentSchema.safeParse({
      ...comment,
      id: commentIds.get(comment.id),
      annotationId,
      parentId: comment.parentId === null ? null : (commentIds.get(comment.parentId) ?? null),
    });
    if (copy.success) plan.change.comments.push(copy.data);
  }
  return plan;
}

/**
 * Gives a new version of a document the previous version's annotations, re-anchored on its text,
 * through the new version's room (connected browsers see them at once). Call it right after
 * `createDocumentVersion`, which checked that the actor may edit the document; it makes no
 * access check of its own and takes nothing from the user but the new version's id.
 *
 * The previous version's annotations are read from the projection, which trails its room by a
 * moment (changes are written in batches): an empty change to the previous room first waits
 * until everything the room holds is stored and projected, so a highlight made just before
 * saving is carried too. With several server processes, an edit that reached another process
 * in the last milliseconds can still be missed; it stays on the previous version.
 *
 * Idempotent: the copies' ids are derived from the originals (`carriedId`), so a retry writes
 * the same entries. (A run long after the first would also undo later edits to the copies.)
 */
export async function carryAnnotations(
  prisma: PrismaClient,
  realtime: AppContext["realtime"],
  documentId: string,
): Promise<{ carried: number; orphans: AnnotationRecord[] }> {
  const document = await prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { id: true, previousVersionId: true, body: true } });
  if (!document.previousVersionId) return { carried: 0, orphans: [] };
  await realtime.change(document.previousVersionId, {});
  const previous = await projectionRecords(prisma, document.previousVersionId);
  const plan = planCarryOver(previous, canonicalBodyText(bodySchema.parse(document.body)), document.id);
  if (plan.change.annotations.length > 0) await realtime.change(document.id, plan.change);
  return { carried: plan.change.annotations.length, orphans: plan.orphans };
}
