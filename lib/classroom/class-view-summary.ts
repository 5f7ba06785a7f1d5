import type { AnnotationRecord, CommentRecord, Tag } from "@/lib/realtime/doc-schema.ts";
import type { KeySpan } from "./heatmap-view.ts";

/** authorId of the answer key's copies in the class view (see docs/realtime.md, "Class sessions"). */
export const KEY_AUTHOR_ID = "key";

/** A student's highlight as the coverage computation takes it. */
export type CoverageEntry = { participantId: string; start: number; end: number; tag: Tag; technique: string | null };

export type TagCounts = Record<Tag, number>;

/** One item of the dashboard's feed: a student's highlight or comment, newest first. */
export type FeedItem =
  | { kind: "highlight"; id: string; at: number; participantId: string; authorName: string; tag: Tag; technique: string | null; quote: string }
  | { kind: "comment"; id: string; at: number; participantId: string; authorName: string; body: string; quote: string | null };

export type ClassViewSummary = {
  entries: CoverageEntry[];
  key: KeySpan[];
  /** Highlights per student and tag. */
  counts: ReadonlyMap<string, TagCounts>;
  feed: FeedItem[];
};

const emptyCounts = (): TagCounts => ({ propaganda: 0, sourcing: 0, context: 0 });

/**
 * Reads the class view room (server-written: every student's highlights with authorId = their
 * participantId, and the key's with authorId "key") into what the dashboard shows: the coverage
 * entries, the key, counts per student and tag, and the newest highlights and comments.
 */
export function summarizeClassView(annotations: readonly AnnotationRecord[], comments: readonly CommentRecord[], feedLength = 30): ClassViewSummary {
  const entries: CoverageEntry[] = [];
  const key: KeySpan[] = [];
  const counts = new Map<string, TagCounts>();
  const byId = new Map<string, AnnotationRecord>();
  const feed: FeedItem[] = [];
  for (const record of annotations) {
    byId.set(record.id, record);
    if (record.authorId === KEY_AUTHOR_ID) {
      key.push({ start: record.start, end: record.end, tag: record.tag, technique: record.technique });
      continue;
    }
    entries.push({ participantId: record.authorId, start: record.start, end: record.end, tag: record.tag, technique: record.technique });
    const tally = counts.get(record.authorId) ?? emptyCounts();
    tally[record.tag] += 1;
    counts.set(record.authorId, tally);
    feed.push({
      kind: "highlight",
      id: record.id,
      at: record.createdAt,
      participantId: record.authorId,
      authorName: record.authorName,
      tag: record.tag,
      technique: record.technique,
      quote: record.exact,
    });
  }
  for (const comment of comments) {
    if (comment.deleted || comment.authorId === KEY_AUTHOR_ID) continue;
    feed.push({
      kind: "comment",
      id: comment.id,
      at: comment.createdAt,
      participantId: comment.authorId,
      authorName: comment.authorName,
      body: comment.body,
      quote: byId.get(comment.annotationId)?.exact ?? null,
    });
  }
  feed.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
  return { entries, key, counts, feed: feed.slice(0, feedLength) };
}
