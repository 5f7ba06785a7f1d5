"use client";

import { memo } from "react";
import type { BlockSegments, Segment } from "@/lib/annotate/segments.ts";
import type { Tag } from "@/lib/realtime/doc-schema.ts";
import type { OverlayLayer } from "./surface-types.ts";

/** `layer` is set for read-only highlights from another room (a classmate's, the answer key). */
export type MarkInfo = { tag: Tag; resolved: boolean; start: number; layer?: OverlayLayer };

type Props = {
  blocks: BlockSegments[];
  marks: ReadonlyMap<string, MarkInfo>;
};

/**
 * The article body with highlights as `<mark>` elements. Each run of text gets one mark, for
 * the innermost (shortest) highlight covering it: `data-annotation-id` and `data-tag` name that
 * one, and `data-annotation-ids` lists every highlight covering the run, outermost first, so
 * any highlight is found with `mark[data-annotation-ids~="<id>"]`. One element per run instead
 * of one per highlight keeps a densely annotated text (thousands of overlapping highlights)
 * light enough to render fast, and keeps the innermost, most specific highlight clickable; the
 * overlap depth darkens the tint. The tag's icon is CSS content with alternative text, so it
 * never becomes part of the text offsets. Memoized: typing in the margin never re-renders it.
 */
export const AnnotatedText = memo(function AnnotatedText({ blocks, marks }: Props) {
  return blocks.map((block) => {
    const content = block.segments.map((segment, index) => <SegmentView key={index} segment={segment} marks={marks} />);
    const common = { "data-block": block.index, "data-offset": block.start, "data-length": block.length };
    return block.type === "heading" ? (
      <h2 key={block.index} className="article-subhead" {...common}>
        {content}
      </h2>
    ) : (
      <p key={block.index} {...common}>
        {content}
      </p>
    );
  });
});

function SegmentView({ segment, marks }: { segment: Segment; marks: ReadonlyMap<string, MarkInfo> }) {
  const ids = segment.ids.filter((id) => marks.has(id));
  const innermost = ids[ids.length - 1];
  if (!innermost) return segment.text;
  const mark = marks.get(innermost)!;
  return (
    <mark
      className="hl"
      data-annotation-id={innermost}
      data-annotation-ids={ids.join(" ")}
      data-tag={mark.tag}
      data-layer={mark.layer}
      data-resolved={mark.resolved || undefined}
      data-first={mark.start === segment.start || undefined}
      data-depth={Math.min(ids.length - 1, 3)}
    >
      {segment.text}
    </mark>
  );
}
