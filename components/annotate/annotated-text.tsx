"use client";

import { memo, type ReactNode } from "react";
import type { BlockSegments, Segment } from "@/lib/annotate/segments.ts";
import type { Tag } from "@/lib/realtime/doc-schema.ts";

export type MarkInfo = { tag: Tag; resolved: boolean; first: number };

type Props = {
  blocks: BlockSegments[];
  marks: ReadonlyMap<string, MarkInfo>;
};

/**
 * The article body with every highlight as `<mark data-annotation-id data-tag>`. Overlapping
 * highlights nest (outermost first), each part of the text inside one `<mark>` per highlight
 * covering it, so every highlight stays findable in the DOM and in the accessibility tree. The
 * tag's icon is CSS content with alternative text, so it never becomes part of the text
 * offsets. Memoized: typing in the margin never re-renders the text.
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
  let node: ReactNode = segment.text;
  for (let depth = segment.ids.length - 1; depth >= 0; depth -= 1) {
    const id = segment.ids[depth]!;
    const mark = marks.get(id);
    if (!mark) continue;
    node = (
      <mark
        className="hl"
        data-annotation-id={id}
        data-tag={mark.tag}
        data-resolved={mark.resolved || undefined}
        data-first={mark.first === segment.start || undefined}
        data-depth={Math.min(depth, 3)}
      >
        {node}
      </mark>
    );
  }
  return node;
}
