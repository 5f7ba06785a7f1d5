import type { Block } from "@/lib/documents/schema.ts";
import type { ExportHighlight, ExportModel } from "./export-model.ts";

/** One step through a block: a highlight opens or closes here, or text runs with the highlights that cover it. */
export type PassagePiece =
  | { kind: "open"; highlight: ExportHighlight }
  | { kind: "close"; highlight: ExportHighlight }
  | {
      kind: "text";
      text: string;
      /** Highlights covering this text, in number order. */
      highlights: ExportHighlight[];
    };

export type MarkedBlock = { type: Block["type"]; pieces: PassagePiece[] };

/** Order of events at one position: ranges that end there close before new ones open, so marks do not touch. */
const CLOSE = 0;
const OPEN = 1;
const CLOSE_EMPTY = 2;

type Event = { at: number; order: number; highlight: ExportHighlight };

/**
 * The article's blocks cut at every highlight boundary, for renderers that mark passages inline
 * (the printed copy draws each run, the Word copy opens and closes a comment range). Offsets are
 * code points into the canonical text (blocks joined by a blank line). A highlight may cross a
 * paragraph break: it opens in one block and closes in a later one. An end that falls in the
 * blank line between blocks closes at the end of the block before; a start there opens at the
 * start of the next. Every highlight opens and closes exactly once, even one past the text's end.
 */
export function markPassages(model: Pick<ExportModel, "document" | "highlights">): MarkedBlock[] {
  const blocks = model.document.blocks.map((block) => ({ type: block.type, chars: Array.from(block.text) }));
  const starts: number[] = [];
  let offset = 0;
  for (const block of blocks) {
    starts.push(offset);
    offset += block.chars.length + 2;
  }
  const textEnd = Math.max(0, offset - 2);

  // Moves an offset out of the gap between blocks, towards the side the event belongs to.
  const snap = (position: number, side: "start" | "end"): number => {
    const at = Math.min(Math.max(position, 0), textEnd);
    for (let i = 0; i < blocks.length; i++) {
      const blockEnd = starts[i]! + blocks[i]!.chars.length;
      if (at <= blockEnd) return at;
      const next = starts[i + 1];
      if (next !== undefined && at < next) return side === "start" ? next : blockEnd;
    }
    return at;
  };

  const events: Event[] = [];
  for (const highlight of model.highlights) {
    const start = snap(highlight.start, "start");
    const end = Math.max(start, snap(highlight.end, "end"));
    events.push({ at: start, order: OPEN, highlight });
    events.push({ at: end, order: end === start ? CLOSE_EMPTY : CLOSE, highlight });
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order || a.highlight.number - b.highlight.number);

  const active: ExportHighlight[] = [];
  let next = 0;
  return blocks.map((block, index) => {
    const blockStart = starts[index]!;
    const blockEnd = blockStart + block.chars.length;
    const pieces: PassagePiece[] = [];
    let cursor = blockStart;
    const emitText = (until: number) => {
      if (until <= cursor) return;
      pieces.push({ kind: "text", text: block.chars.slice(cursor - blockStart, until - blockStart).join(""), highlights: [...active] });
      cursor = until;
    };
    while (next < events.length && events[next]!.at <= blockEnd) {
      const event = events[next++]!;
      emitText(event.at);
      if (event.order === OPEN) {
        const at = active.findIndex((h) => h.number > event.highlight.number);
        active.splice(at < 0 ? active.length : at, 0, event.highlight);
        pieces.push({ kind: "open", highlight: event.highlight });
      } else {
        const at = active.indexOf(event.highlight);
        if (at >= 0) active.splice(at, 1);
        pieces.push({ kind: "close", highlight: event.highlight });
      }
    }
    emitText(blockEnd);
    return { type: block.type, pieces };
  });
}
