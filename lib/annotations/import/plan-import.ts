import { createHash } from "node:crypto";
import {
  annotationSchema,
  type AnnotationRecord,
  commentSchema,
  type CommentRecord,
  MAX_AUTHOR_NAME_LENGTH,
  type Tag,
} from "@/lib/realtime/doc-schema.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { derivedUuid } from "../derived-uuid.ts";
import { anchorImportedQuotes } from "./anchor-imported-quotes.ts";
import { type ImportAuthor, type ParsedImport, UNKNOWN_AUTHOR } from "./import-item.ts";
import { mapImportTags } from "./map-import-tags.ts";

/** The tag a highlight gets when none of its source tags names one of ours: kept, not dropped, and listed. */
export const FALLBACK_TAG: Tag = "context";

export type ImportReport = {
  format: ParsedImport["format"];
  /** Highlights written (or, on a dry run, that would be). */
  imported: number;
  /** Their comments, replies included. */
  comments: number;
  /** Entries not imported: already imported earlier, page notes, replies to nothing in the file. */
  skipped: number;
  skippedEntries: Array<{ sourceId: string; reason: string }>;
  /** Highlights whose quote has no place in this document. */
  orphaned: Array<{ exact: string; reason: string }>;
  /** Imported highlights whose tags named none of ours: they got FALLBACK_TAG. */
  untagged: Array<{ exact: string; tags: string[] }>;
};

export type ImportPlan = { change: { annotations: AnnotationRecord[]; comments: CommentRecord[] }; report: ImportReport };

/**
 * Imported entries are nobody's here: their author id is "import:" and a hash of the source's
 * author key, so one source author stays one author across imports, and no member's rights
 * of authorship (editing, deleting their own) apply to them.
 */
function importedAuthor(author: ImportAuthor): { authorId: string; authorName: string } {
  const hash = createHash("sha256").update(author.key).digest("hex").slice(0, 32);
  let name = Array.from(author.name.trim()).slice(0, MAX_AUTHOR_NAME_LENGTH).join("");
  while (name.length > MAX_AUTHOR_NAME_LENGTH) name = Array.from(name).slice(0, -1).join("");
  return { authorId: `import:${hash}`, authorName: name || UNKNOWN_AUTHOR.name };
}

/** The id an imported entry gets in a document: the same every time, so a second import adds nothing. */
const importedId = (documentId: string, sourceId: string) => derivedUuid(`marginalia:imported:${documentId}:${sourceId}`);

/**
 * What importing `parsed` into a document writes, and the report: each highlight anchored on
 * the document's text (`anchorImportedQuotes`), its tags mapped (`mapImportTags`, else
 * FALLBACK_TAG), its original authors and times kept, ids derived from the document and the
 * source ids. Highlights whose id `existingIds` holds are skipped as already imported.
 */
export function planImport(input: { documentId: string; text: string; vocabulary: Vocabulary; parsed: ParsedImport; existingIds: ReadonlySet<string>; now: number }): ImportPlan {
  const { documentId, parsed, now } = input;
  const report: ImportReport = { format: parsed.format, imported: 0, comments: 0, skipped: 0, skippedEntries: [...parsed.skipped], orphaned: [], untagged: [] };
  const change: ImportPlan["change"] = { annotations: [], comments: [] };
  const fresh = parsed.items.filter((item) => {
    if (!input.existingIds.has(importedId(documentId, item.sourceId))) return true;
    report.skippedEntries.push({ sourceId: item.sourceId, reason: "Already imported into this document." });
    return false;
  });
  const anchors = anchorImportedQuotes(input.text, fresh);

  fresh.forEach((item, index) => {
    const placed = anchors[index]!;
    if ("reason" in placed) {
      report.orphaned.push({ exact: item.exact, reason: placed.reason });
      return;
    }
    const mapped = mapImportTags(item.tags, input.vocabulary);
    const author = importedAuthor(item.author);
    const createdAt = item.created ?? now;
    const updatedAt = Math.max(createdAt, item.modified ?? createdAt);
    const record = annotationSchema.safeParse({
      id: importedId(documentId, item.sourceId),
      ...placed.anchor,
      tag: mapped?.tag ?? FALLBACK_TAG,
      technique: mapped?.technique ?? null,
      ...author,
      createdAt,
      updatedAt,
      resolved: item.resolved,
      // The source says a thread was resolved, not by whom: the highlight's own author stands in.
      resolvedBy: item.resolved ? author.authorId : null,
      resolvedAt: item.resolved ? updatedAt : null,
    });
    if (!record.success) {
      report.orphaned.push({ exact: item.exact, reason: `It cannot be stored here: ${record.error.issues[0]?.message ?? "invalid"}.` });
      return;
    }
    change.annotations.push(record.data);
    report.imported += 1;
    if (!mapped) report.untagged.push({ exact: record.data.exact, tags: item.tags });

    const written = new Set(item.comments.map((comment) => comment.sourceId));
    for (const comment of item.comments) {
      const commentCreated = comment.created ?? createdAt;
      const parsedComment = commentSchema.safeParse({
        id: importedId(documentId, comment.sourceId),
        annotationId: record.data.id,
        // A reply whose parent is not imported (it had no text) joins the thread at the top.
        parentId: comment.parentSourceId !== null && written.has(comment.parentSourceId) ? importedId(documentId, comment.parentSourceId) : null,
        ...importedAuthor(comment.author),
        body: comment.body,
        createdAt: commentCreated,
        updatedAt: commentCreated,
        deleted: false,
      });
      if (parsedComment.success) {
        change.comments.push(parsedComment.data);
        report.comments += 1;
      } else {
        report.skippedEntries.push({ sourceId: comment.sourceId, reason: `It cannot be stored here: ${parsedComment.error.issues[0]?.message ?? "invalid"}.` });
      }
    }
  });
  report.skipped = report.skippedEntries.length;
  return { change, report };
}
