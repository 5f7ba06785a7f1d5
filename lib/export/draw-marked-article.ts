import type { DejaVuFontPaths } from "./dejavu-font-paths.ts";
import type { ExportHighlight } from "./export-model.ts";
import { highlightMarker } from "./highlight-marker.ts";
import type { MarkedBlock } from "./mark-passages.ts";
import { tagAppearance } from "./tag-appearance.ts";

type PdfFont = keyof DejaVuFontPaths;

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
};

type Line = { atoms: Atom[]; size: number; lineHeight: number };

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
 * lane (the lowest free one when they open, kept to the end) and their tints blend.
 */
export function drawMarkedArticle(doc: PDFKit.PDFDocument, fonts: DejaVuFontPaths, blocks: readonly MarkedBlock[]): void {
  const left = doc.page.margins.left;
  const maxWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const widths = new Map<string, number>();
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

  let y = doc.y;
  for (const [index, block] of blocks.entries()) {
    const style = block.type === "heading" ? HEADING : BODY;
    if (block.type === "heading" && index > 0) y += HEADING.before;
    const atoms: Atom[] = [];
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
        });
      } else if (piece.kind === "close") {
        const lane = lanes.get(piece.highlight.id);
        if (lane !== undefined) lanesInUse.delete(lane);
      } else {
        for (const part of piece.text.split(/(\s+)/)) {
          if (part === "") continue;
          const space = /^\s/.test(part);
          const text = space ? " " : part;
          atoms.push({ text, font: style.font, size: style.size, color: TEXT_COLOR, raise: 0, highlights: piece.highlights, space, width: measure(text, style.font, style.size) });
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
  doc.x = left;
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
  const placed = line.atoms.map((atom) => {
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

  // Consecutive atoms in the same style are drawn in one call: fewer text objects, same glyphs.
  let run: { text: string; x: number; atom: Atom } | null = null;
  const drawRun = () => {
    if (!run) return;
    const { atom } = run;
    doc.font(fonts[atom.font]).fontSize(atom.size).fillColor(atom.color).fillOpacity(1).text(run.text, run.x, top - atom.raise, { lineBreak: false });
    run = null;
  };
  for (const { atom, x: at } of placed) {
    if (run && run.atom.font === atom.font && run.atom.size === atom.size && run.atom.color === atom.color && run.atom.raise === atom.raise) {
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
