/*
 * Maps between DOM positions in the rendered article and code-point offsets of its canonical
 * text. Each block element carries `data-offset` (its first code point) and `data-length`; only
 * text nodes count, so highlight marks and their CSS icons never shift an offset.
 */

import { codePointLength, unitIndexOfCodePoint } from "@/lib/annotations/code-points.ts";

export type TextRange = { start: number; end: number };

const BLOCK_SELECTOR = "[data-offset]";

function blockBounds(block: Element): TextRange {
  const start = Number(block.getAttribute("data-offset"));
  return { start, end: start + Number(block.getAttribute("data-length")) };
}

function textNodes(block: Element): Text[] {
  const walker = block.ownerDocument.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

function blocksOf(root: Element): Element[] {
  return Array.from(root.querySelectorAll(BLOCK_SELECTOR));
}

/**
 * The code-point offset of a DOM boundary point (as in a Range or Selection), or null when it
 * is outside the article body. A point between blocks snaps to the start of the next block, or
 * to the end of the last block (`bias` says which side of a gap a range end belongs to).
 */
export function offsetOfPoint(root: Element, node: Node, offset: number, bias: "start" | "end" = "start"): number | null {
  if (!root.contains(node)) return null;
  const element = node instanceof Element ? node : node.parentElement;
  const block = element?.closest(BLOCK_SELECTOR);
  if (!block || !root.contains(block)) {
    // A point on the body element itself (e.g. a triple click): find the blocks around it.
    const blocks = blocksOf(root);
    const probe = root.ownerDocument.createRange();
    probe.setStart(node, offset);
    const after = blocks.find((candidate) => probe.comparePoint(candidate, 0) >= 0);
    if (!after) return blocks.length ? blockBounds(blocks[blocks.length - 1]!).end : null;
    const index = blocks.indexOf(after);
    if (bias === "end" && index > 0) return blockBounds(blocks[index - 1]!).end;
    return blockBounds(after).start;
  }
  const bounds = blockBounds(block);
  const range = root.ownerDocument.createRange();
  range.setStart(block, 0);
  range.setEnd(node, offset);
  let count = 0;
  for (const text of textNodes(block)) {
    if (!range.intersectsNode(text)) break;
    if (text === node) {
      count += codePointLength(text.data.slice(0, offset));
      break;
    }
    count += codePointLength(text.data);
  }
  return Math.min(bounds.start + count, bounds.end);
}

/** The code-point range a DOM Range covers, clamped to the article body; null when it does not touch it. */
export function offsetsOfRange(root: Element, range: Range): TextRange | null {
  const start = offsetOfPoint(root, range.startContainer, range.startOffset, "start");
  const end = offsetOfPoint(root, range.endContainer, range.endOffset, "end");
  if (start === null && end === null) return null;
  const blocks = blocksOf(root);
  if (!blocks.length) return null;
  const first = blockBounds(blocks[0]!).start;
  const last = blockBounds(blocks[blocks.length - 1]!).end;
  const from = start ?? (root.contains(range.startContainer) ? last : first);
  const to = end ?? (root.contains(range.endContainer) ? first : last);
  return from <= to ? { start: from, end: to } : { start: to, end: from };
}

/** The DOM boundary point at a code-point offset (the end of a block when the offset falls in a gap). */
export function pointAtOffset(root: Element, offset: number): { node: Node; offset: number } | null {
  const blocks = blocksOf(root);
  let block = blocks.find((candidate) => blockBounds(candidate).end >= offset);
  if (!block) block = blocks[blocks.length - 1];
  if (!block) return null;
  let remaining = Math.max(0, offset - blockBounds(block).start);
  const nodes = textNodes(block);
  for (const text of nodes) {
    const length = codePointLength(text.data);
    if (remaining <= length) return { node: text, offset: unitIndexOfCodePoint(text.data, remaining) };
    remaining -= length;
  }
  const lastText = nodes[nodes.length - 1];
  return lastText ? { node: lastText, offset: lastText.data.length } : { node: block, offset: block.childNodes.length };
}

/** A DOM Range over a code-point range of the article body. */
export function rangeAtOffsets(root: Element, { start, end }: TextRange): Range | null {
  const from = pointAtOffset(root, start);
  const to = pointAtOffset(root, end);
  if (!from || !to) return null;
  const range = root.ownerDocument.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return range;
}
