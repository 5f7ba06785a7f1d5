import type { Block } from "@/lib/documents/schema.ts";

/** What the highlighter needs of an annotation: its id and where it is, in code points of the body text. */
export type Span = { id: string; start: number; end: number };

/** A run of one block's text covered by the same set of highlights (outermost first). */
export type Segment = { text: string; start: number; end: number; ids: string[] };

export type BlockSegments = { index: number; type: Block["type"]; start: number; length: number; segments: Segment[] };

/** Separator between blocks in the canonical body text (see lib/documents/canonical-text.ts). */
const BLOCK_SEPARATOR_LENGTH = 2;

/** Outer highlights first (earlier start, then longer), so nested `<mark>`s nest the same way everywhere. */
function compareSpans(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Splits each block into runs at every highlight boundary, so overlapping highlights render as
 * nested marks and each part of the text knows every highlight that covers it. Offsets are
 * code points of the canonical text (blocks joined by a blank line).
 */
export function segmentBlocks(blocks: readonly Block[], spans: readonly Span[]): BlockSegments[] {
  const sorted = [...spans].filter((span) => span.end > span.start).sort(compareSpans);
  const result: BlockSegments[] = [];
  let blockStart = 0;
  let first = 0; // spans before this index end before the current block
  for (const [index, block] of blocks.entries()) {
    const chars = Array.from(block.text);
    const blockEnd = blockStart + chars.length;
    while (first < sorted.length && sorted[first]!.end <= blockStart && sorted[first]!.start < blockStart) first += 1;
    const covering: Span[] = [];
    for (let i = first; i < sorted.length && sorted[i]!.start < blockEnd; i += 1) {
      if (sorted[i]!.end > blockStart) covering.push(sorted[i]!);
    }
    result.push({ index, type: block.type, start: blockStart, length: chars.length, segments: splitBlock(chars, blockStart, covering) });
    blockStart = blockEnd + BLOCK_SEPARATOR_LENGTH;
  }
  return result;
}

/**
 * A sweep over the block's cut points: highlights join the active list where they start and
 * leave it where they end, so each run costs the overlap depth there, not the number of
 * highlights in the block (thousands on a densely annotated article).
 */
function splitBlock(chars: string[], blockStart: number, covering: Span[]): Segment[] {
  const length = chars.length;
  const local = covering.map((span) => ({ span, from: Math.max(0, span.start - blockStart), to: Math.min(length, span.end - blockStart) }));
  const cuts = new Set<number>([0, length]);
  for (const { from, to } of local) {
    cuts.add(from);
    cuts.add(to);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...local].sort((a, b) => a.from - b.from);
  let next = 0;
  let active: typeof local = [];
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const from = points[i]!;
    const to = points[i + 1]!;
    active = active.filter((entry) => entry.to > from);
    while (next < byStart.length && byStart[next]!.from <= from) {
      if (byStart[next]!.to > from) active.push(byStart[next]!);
      next += 1;
    }
    const ids = active.length > 1 ? [...active].sort((a, b) => compareSpans(a.span, b.span)).map((entry) => entry.span.id) : active.map((entry) => entry.span.id);
    segments.push({ text: chars.slice(from, to).join(""), start: blockStart + from, end: blockStart + to, ids });
  }
  return segments;
}
