import { derivedUuid } from "@/lib/annotations/derived-uuid.ts";
import { locateQuote } from "@/lib/annotations/locate-quote.ts";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import { EXAMPLE_KEY, type ExampleKeyItem } from "./example-key-data.ts";

export type ExampleKeyRecords = {
  annotations: AnnotationRecord[];
  comments: CommentRecord[];
  /** Slugs of key passages the text no longer holds exactly once (an edited article): left out, not guessed. */
  unanchored: string[];
};

/** The ids of an example-key item's highlight and explanation: the same on every call, so writing twice changes nothing. */
export function exampleKeyIds(slug: string): { annotationId: string; commentId: string } {
  return { annotationId: derivedUuid(`example-key:${slug}`), commentId: derivedUuid(`example-key:${slug}:explanation`) };
}

/**
 * The demo article's example answer key as room records: each passage anchored into `text`
 * (the document's canonical body text) by its quote, with its explanation as the highlight's
 * first comment. Used to show the key on /demo and as a session's key on a copy of the demo.
 */
export function exampleKeyRecords(
  text: string,
  author: { authorId: string; authorName: string; now: number },
  items: readonly ExampleKeyItem[] = EXAMPLE_KEY,
): ExampleKeyRecords {
  const records: ExampleKeyRecords = { annotations: [], comments: [], unanchored: [] };
  for (const item of items) {
    const location = locateQuote(text, { exact: item.exact, prefix: item.prefix });
    if (location.found !== "one") {
      records.unanchored.push(item.slug);
      continue;
    }
    const { annotationId, commentId } = exampleKeyIds(item.slug);
    const stamp = { authorId: author.authorId, authorName: author.authorName, createdAt: author.now, updatedAt: author.now };
    records.annotations.push({
      id: annotationId,
      ...textQuoteAnchor(text, location.start, location.end),
      tag: item.tag,
      technique: item.technique,
      ...stamp,
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
    });
    records.comments.push({ id: commentId, annotationId, parentId: null, body: item.explanation, ...stamp, deleted: false });
  }
  return records;
}
