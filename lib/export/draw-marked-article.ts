import bidiFactory from "bidi-js";
import type { DejaVuFontPaths } from "./dejavu-font-paths.ts";
import type { ExportHighlight } from "./export-model.ts";
import { highlightMarker } from "./highlight-marker.ts";
import type { MarkedBlock } from "./mark-passages.ts";
import { tagAppearance } from "./tag-appearance.ts";

export type PdfFont = keyof DejaVuFontPaths;

/** One unbreakable piece of a line: part of a word, a space, or a highlight's number marker. */
type Atom = {
  text: string;
  font: PdfFont;
  size: number;
  color: string;
  /** How far above the text's top the atom sits (markers are raised like a superscript). */
  raise: number;
  /** Highlights drawn behind and under this atom. */
  highlights: ExportHighlight[];
  space: boolean;
  width: number;
  /** Bidi embedding level: odd runs right to left. */
  level: number;
};

type Line = { atoms: Atom[]; size: number; lineHeight: number };

/** Where and how paragraphs are set: the article's defaults, or a note's narrower, smaller frame. */
export type TextFrame = { left: number; width: number; font: PdfFont; size: number; lineHeight: number; after: number };
const BODY = { font: "regular" as const, size: 10.5, lineHeight: 18, after: 8 };
const HEADING = { font: "bold" as const, size: 13, lineHeight: 20, before: 6, after: 6 };
const MARKER_SIZE = 6.5;
const TEXT_COLOR = "#1a1a1a";
/** Overlapping highlights stack underlines this far apart; lanes beyond the last share it. */
const LANE_GAP = 2.2;
const MAX_LANE = 3;

/**
 * Draws the article with every highlight marked in the text: its number and tag letter before the
 * passage ("[3 P]"), a tinted background behind it and an underline in the tag's colour and dash
 * pattern, so the mark survives black-and-white printing. PDFKit can underline a text run but not
 * shade one, and its own wrapping hides where each word lands, so this lays lines out itself:
 * words are measured with `widthOfString`, wrapped greedily at spaces, and each line is painted
 * backgrounds first, then text, then underlines. Overlapping highlights get their own underline
 * lane (the lowest free one when they open, kept to the end) and their tints blend. Lines are
 * ordered by the Unicode bidi algorithm, so the notes set their Arabic or Hebrew text here too
 * (in a `frame`), rather than through PDFKit's own wrapping, which knows no right to left.
 */
export function drawMarkedArticle(
  doc: PDFKit.PDFDocument,
  fonts: DejaVuFontPaths,
  blocks: readonly MarkedBlock[],
  frame?: TextFrame,
  /** Measured widths by font, size and text; pass one map to every call on a document so words are measured once. */
  widths = new Map<string, number>(),
): void {
  const left = frame?.left ?? doc.page.margins.left;
  const maxWidth = frame?.width ?? doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const body = frame ?? BODY;
  const measure = (text: string, font: PdfFont, size: number): number => {
    const key = `${font}\u0000${size}\u0000${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = doc.font(fonts[font]).fontSize(size).widthOfString(text);
      widths.set(key, width);
    }
    return width;
  };
  const lanes = new Map<string, number>();
  const lanesInUse = new Set<number>();

  let bidi: Bidi | null = null;
  const bidiFor = () => (bidi ??= bidiFactory());

  let y = doc.y;
  for (const [index, block] of blocks.entries()) {
    const style = block.type === "heading" ? HEADING : body;
    if (block.type === "heading" && index > 0) y += HEADING.before;
    const atoms: Atom[] = [];
    const direction = bidiLevels(block, bidiFor);
    let offset = 0;
    for (const piece of block.pieces) {
      if (piece.kind === "open") {
        let lane = 0;
        while (lanesInUse.has(lane)) lane++;
        lanes.set(piece.highlight.id, lane);
        lanesInUse.add(lane);
        const text = highlightMarker(piece.highlight);
        atoms.push({
          text,
          font: "bold",
          size: MARKER_SIZE,
          color: `#${tagAppearance(piece.highlight.tag).color}`,
          raise: style.size - MARKER_SIZE - 1,
          highlights: [],
          space: false,
          width: measure(text, "bold", MARKER_SIZE) + 1,
          // A marker travels with the passage it opens.
          level: direction?.levels[offset] ?? 0,
        });
      } else if (piece.kind === "close") {
        const lane = lanes.get(piece.highlight.id);
        if (lane !== undefined) lanesInUse.delete(lane);
      } else {
        for (const part of piece.text.split(/(\s+)/)) {
          const space = /^\s/.test(part);
          for (const run of direction ? splitByLevel(part, offset, direction) : [{ text: part, level: 0 }]) {
            const text = space ? " " : run.text;
            atoms.push({ text, font: style.font, size: style.size, color: TEXT_COLOR, raise: 0, highlights: piece.highlights, space, width: measure(text, style.font, style.size), level: run.level });
          }
          offset += part.length;
        }
      }
    }
    for (const line of wrap(atoms, maxWidth, style, measure)) {
      if (y + line.lineHeight > doc.page.height - doc.page.margins.bottom) {
        doc.addPage();
        y = doc.page.margins.top;
      }
      drawLine(doc, fonts, line, left, y, lanes);
      y += line.lineHeight;
    }
    y += style.after;
  }
  doc.x = doc.page.margins.left;
  doc.y = y;
}

/** Greedy wrapping at spaces; a word wider than the line is cut between characters. */
function wrap(atoms: Atom[], maxWidth: number, style: { size: number; lineHeight: number }, measure: (text: string, font: PdfFont, size: number) => number): Line[] {
  const lines: Line[] = [];
  let current: Atom[] = [];
  let width = 0;
  let pending: Atom[] = [];
  const flush = () => {
    if (current.length > 0) lines.push({ atoms: current, size: style.size, lineHeight: style.lineHeight });
    current = [];
    width = 0;
    pending = [];
  };
  const place = (word: Atom[]) => {
    const wordWidth = word.reduce((sum, atom) => sum + atom.width, 0);
    const spaceWidth = pending.reduce((sum, atom) => sum + atom.width, 0);
    if (current.length > 0 && width + spaceWidth + wordWidth > maxWidth) flush();
    if (current.length === 0 && wordWidth > maxWidth) {
      pending = [];
      for (const atom of word) {
        for (const char of Array.from(atom.text)) {
          const piece = { ...atom, text: char, width: measure(char, atom.font, atom.size) };
          if (current.length > 0 && width + piece.width > maxWidth) flush();
          current.push(piece);
          width += piece.width;
        }
      }
      return;
    }
    if (current.length > 0) {
      current.push(...pending);
      width += spaceWidth;
    }
    current.push(...word);
    width += wordWidth;
    pending = [];
  };
  let word: Atom[] = [];
  for (const atom of atoms) {
    if (atom.space) {
      if (word.length > 0) place(word);
      word = [];
      pending.push(atom);
    } else {
      word.push(atom);
    }
  }
  if (word.length > 0) place(word);
  flush();
  return lines;
}

function drawLine(doc: PDFKit.PDFDocument, fonts: DejaVuFontPaths, line: Line, left: number, top: number, lanes: ReadonlyMap<string, number>): void {
  const bandTop = top - 1.5;
  const bandHeight = line.size * 1.3;
  const underlineY = top + line.size * 1.18;
  let x = left;
  const placed = visualOrder(line.atoms).map((atom) => {
    const at = x;
    x += atom.width;
    return { atom, x: at };
  });

  // Each highlight's stretch of the line, merged across its atoms: one rectangle and one unbroken dash pattern each.
  const spans = new Map<ExportHighlight, { from: number; to: number }[]>();
  for (const { atom, x: at } of placed) {
    for (const highlight of atom.highlights) {
      const list = spans.get(highlight) ?? [];
      const last = list.at(-1);
      if (last && Math.abs(last.to - at) < 0.01) last.to = at + atom.width;
      else list.push({ from: at, to: at + atom.width });
      spans.set(highlight, list);
    }
  }

  for (const [highlight, list] of spans) {
    doc.save().fillOpacity(0.55).fillColor(`#${tagAppearance(highlight.tag).tint}`);
    for (const { from, to } of list) doc.rect(from, bandTop, to - from, bandHeight).fill();
    doc.restore();
  }

  // Consecutive left-to-right atoms in the same style are drawn in one call: fewer text objects, same glyphs.
  let run: { text: string; x: number; atom: Atom } | null = null;
  const drawRun = () => {
    if (!run) return;
    const { atom } = run;
    // The tints were drawn inside save/restore, so the fill opacity is back to 1 here.
    doc.font(fonts[atom.font]).fontSize(atom.size).fillColor(atom.color).text(run.text, run.x, top - atom.raise, { lineBreak: false });
    run = null;
  };
  for (const { atom, x: at } of placed) {
    // Right-to-left atoms are drawn alone: the shaper reverses what it is given, which would undo the line's reordering.
    const sameStyle = run && run.atom.font === atom.font && run.atom.size === atom.size && run.atom.color === atom.color && run.atom.raise === atom.raise;
    if (run && sameStyle && run.atom.level % 2 === 0 && atom.level % 2 === 0) {
      run.text += atom.text;
    } else {
      drawRun();
      run = { text: atom.text, x: at, atom };
    }
  }
  drawRun();

  for (const [highlight, list] of spans) {
    const appearance = tagAppearance(highlight.tag);
    const y = underlineY + Math.min(lanes.get(highlight.id) ?? 0, MAX_LANE) * LANE_GAP;
    doc.save().lineWidth(1.1).strokeColor(`#${appearance.color}`);
    if (appearance.dash) doc.dash(appearance.dash[0], { space: appearance.dash[1] });
    for (const { from, to } of list) doc.moveTo(from, y).lineTo(to, y).stroke();
    doc.restore();
  }
}

type Bidi = ReturnType<typeof bidiFactory>;
type BlockDirection = { levels: Uint8Array; mirrored: Map<number, string> };

/** Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms: the scripts that need reordering. */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * Embedding levels of a block's text (UTF-16 indices) by the Unicode bidi algorithm, for a block
 * that holds right-to-left letters; null for the rest, which skip the work. The paragraph runs left
 * to right: the copy's layout is left-aligned whatever the article's language.
 */
function bidiLevels(block: MarkedBlock, bidiFor: () => Bidi): BlockDirection | null {
  const text = block.pieces.map((piece) => (piece.kind === "text" ? piece.text : "")).join("");
  if (!RIGHT_TO_LEFT.test(text)) return null;
  const bidi = bidiFor();
  const levels = bidi.getEmbeddingLevels(text, "ltr");
  return { levels: levels.levels, mirrored: bidi.getMirroredCharactersMap(text, levels.levels) };
}

/** Cuts a word where its embedding level changes, mirroring brackets and quotes inside right-to-left runs. */
function splitByLevel(part: string, offset: number, direction: BlockDirection): { text: string; level: number }[] {
  const runs: { text: string; level: number }[] = [];
  for (let i = 0; i < part.length; i++) {
    const level = direction.levels[offset + i] ?? 0;
    const char = direction.mirrored.get(offset + i) ?? part[i]!;
    const last = runs.at(-1);
    if (last && last.level === level) last.text += char;
    else runs.push({ text: char, level });
  }
  return runs;
}

/**
 * A line's atoms in display order (rule L2 of the bidi algorithm): from the highest level down to
 * the lowest odd one, every stretch at that level or above is reversed. The glyphs inside a
 * right-to-left atom are put in order by the font's shaper, which lays Arabic and Hebrew out
 * right to left itself.
 */
function visualOrder(atoms: Atom[]): Atom[] {
  const highest = atoms.reduce((max, atom) => Math.max(max, atom.level), 0);
  if (highest === 0) return atoms;
  const ordered = [...atoms];
  const lowestOdd = ordered.reduce((min, atom) => (atom.level % 2 === 1 ? Math.min(min, atom.level) : min), highest);
  for (let level = highest; level >= lowestOdd && level > 0; level--) {
    let i = 0;
    while (i < ordered.length) {
      if (ordered[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < ordered.length && ordered[j]!.level >= level) j++;
      ordered.splice(i, j - i, ...ordered.slice(i, j).reverse());
      i = j;
    }
  }
  return ordered;
}
