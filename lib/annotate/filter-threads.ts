import { commentPlainText } from "@/lib/comments/comment-plain-text.ts";
import { extractMentionIds } from "@/lib/comments/comment-markup.ts";
import { foldForSearch } from "@/lib/comments/mention-query.ts";
import { TAGS, type AnnotationRecord, type CommentRecord, type Tag } from "@/lib/realtime/doc-schema.ts";

export type ThreadFilter = {
  tags: readonly Tag[];
  /** A sub-label id, or "" for any. */
  technique: string;
  /** An author's user id, or "" for anyone. */
  authorId: string;
  status: "all" | "open" | "resolved";
  /** Words to find in the comments or the quote. */
  query: string;
  /** Only threads in which this user is @mentioned; null for all. */
  mentioning: string | null;
};

export const NO_FILTER: ThreadFilter = { tags: TAGS, technique: "", authorId: "", status: "all", query: "", mentioning: null };

export function isFiltering(filter: ThreadFilter): boolean {
  return (
    filter.tags.length !== TAGS.length ||
    filter.technique !== "" ||
    filter.authorId !== "" ||
    filter.status !== "all" ||
    filter.query.trim() !== "" ||
    filter.mentioning !== null
  );
}

/**
 * The highlights a filter keeps, with counts per tag among those matching every other
 * criterion (so the tag checkboxes say how many each would add). Thread text is folded for
 * accent- and case-insensitive search.
 */
export function filterThreads(
  annotations: readonly AnnotationRecord[],
  threads: ReadonlyMap<string, readonly CommentRecord[]>,
  filter: ThreadFilter,
): { visible: AnnotationRecord[]; countsByTag: Record<Tag, number> } {
  const words = foldForSearch(filter.query).split(/\s+/).filter(Boolean);
  const countsByTag: Record<Tag, number> = { propaganda: 0, sourcing: 0, context: 0 };
  const visible: AnnotationRecord[] = [];
  for (const annotation of annotations) {
    if (filter.technique && annotation.technique !== filter.technique) continue;
    if (filter.status === "open" && annotation.resolved) continue;
    if (filter.status === "resolved" && !annotation.resolved) continue;
    const thread = (threads.get(annotation.id) ?? []).filter((comment) => !comment.deleted);
    if (filter.authorId && annotation.authorId !== filter.authorId && !thread.some((comment) => comment.authorId === filter.authorId)) continue;
    if (filter.mentioning && !thread.some((comment) => extractMentionIds(comment.body).includes(filter.mentioning!))) continue;
    if (words.length) {
      const haystack = foldForSearch([annotation.exact, ...thread.map((comment) => commentPlainText(comment.body))].join("\n"));
      if (!words.every((word) => haystack.includes(word))) continue;
    }
    countsByTag[annotation.tag] += 1;
    if (filter.tags.includes(annotation.tag)) visible.push(annotation);
  }
  return { visible, countsByTag };
}
