import PDFDocument from "pdfkit";
import { commentPlainText } from "@/lib/comments/comment-plain-text.ts";
import { dejavuFontPaths, type DejaVuFontPaths } from "./dejavu-font-paths.ts";
import { drawMarkedArticle, type TextFrame } from "./draw-marked-article.ts";
import type { ExportHighlight, ExportModel } from "./export-model.ts";
import { formatExportTime } from "./format-export-time.ts";
import { highlightMarker } from "./highlight-marker.ts";
import { markPassages, type MarkedBlock } from "./mark-passages.ts";
import { provenanceFacts } from "./provenance-facts.ts";
import { tagAppearance } from "./tag-appearance.ts";
import { threadLines } from "./thread-lines.ts";

const MARGIN = { top: 56, bottom: 64, left: 60, right: 60 };
const INK = "#1a1a1a";
const MUTED = "#555555";
const REPLY_INDENT = 14;
const MAX_REPLY_DEPTH = 6;

/**
 * The printed copy: headline, source and date, a legend of tags and sub-labels, the article with
 * every highlight marked in the text, each highlight's thread as a numbered endnote, and where the
 * copy comes from. Built with PDFKit on the server (no browser), with DejaVu Sans embedded so
 * accents and Greek, Cyrillic and Arabic letters print on any machine. Comment bodies are printed
 * as their plain text: the copy holds no links or scripts a comment could smuggle in.
 */
export async function renderPdf(model: ExportModel): Promise<Uint8Array> {
  const fonts = dejavuFontPaths();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    // Without a font here PDFKit loads Helvetica's metrics from its own data folder first. Fonts are
    // named by file path throughout, not registered: PDFKit caches a font under the name it was first
    // asked for, and re-reads the file on every switch to a registered name whose font it already holds.
    font: fonts.regular,
    bufferPages: true,
    lang: model.document.language,
    displayTitle: true,
    info: {
      Title: model.document.title,
      Author: model.document.author ?? model.document.source,
      Subject: `Annotated copy (${model.highlights.length} highlights) from ${model.document.source}`,
      Keywords: model.legend.map((entry) => entry.tagName).join(", "),
      Creator: "Marginalia",
      CreationDate: model.provenance.exportedAt,
    },
  });

  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  drawHeader(doc, fonts, model);
  drawLegend(doc, fonts, model);
  sectionTitle(doc, fonts, "Article");
  const widths = new Map<string, number>();
  drawMarkedArticle(doc, fonts, markPassages(model), undefined, widths);
  drawNotes(doc, fonts, model.highlights, widths);
  drawProvenance(doc, fonts, model);
  drawFooters(doc, fonts, model.document.title);

  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page when less than `height` is left, so a heading is not stranded at a page's foot. */
function keepRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** A section title keeps room for its first few lines below it. */
function sectionTitle(doc: PDFKit.PDFDocument, fonts: DejaVuFontPaths, title: string): void {
  keepRoom(doc, 120);
  doc.moveDown(0.8);
  doc.font(fonts.bold).fontSize(14).fillColor(INK).text(title, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

function drawHeader(doc: PDFKit.PDFDocument, fonts: DejaVuFontPaths, model: ExportModel): void {
  const { document } = model;
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.font(fonts.bold).fontSize(20).fillColor(INK).text(document.title, left, doc.y, { width });
  doc.moveDown(0.3);
  const byline = [document.source, document.author, document.publishedAt ? formatExportTime(document.publishedAt, false) : null].filter(Boolean).join(" · ");
  doc.font(fonts.regular).fontSize(10.5).fillColor(MUTED).text(byline, { width });
  doc.fontSize(9).text(`Annotated copy · ${model.workspace?.name ?? "Public demo"} · exported ${formatExportTime(model.provenance.exportedAt)}`, { width });
}

function drawSwatch(doc: PDFKit.PDFDocument, highlight: Pick<ExportHighlight, "tag">, x: number, y: number): void {
  const appearance = tagAppearance(highlight.tag);
  doc.save().rect(x, y, 16, 9).fill(`#${appearance.tint}`).restore();
  doc.save().moveTo(x, y + 10.5).lineTo(x + 16, y + 10.5).lineWidth(1.1);
  if (appearance.dash) doc.dash(appearance.dash[0], { space: appearance.dash[1] });
  doc.stroke(`#${appearance.color}`).restore();
}

function drawLegend(doc: PDFKit.PDFDocument, fonts: DejaVuFontPaths, model: ExportModel): void {
  sectionTitle(doc, fonts, "Legend");
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc
    .font(fonts.regular)
    .fontSize(9)
    .fillColor(MUTED)
    .text("Each marked passage starts with its number and tag letter, e.g. [3 P]; its notes are under that number at the end of the copy.", left, doc.y, { width });
  doc.moveDown(0.4);
  if (model.legend.length === 0) {
    doc.font(fonts.oblique).fontSize(10).fillColor(INK).text("No highlights in this copy.", left, doc.y, { width });
    return;
  }
  for (const entry of model.legend) {
    keepRoom(doc, 30);
    const appearance = tagAppearance(entry.tag);
    drawSwatch(doc, entry, left, doc.y + 1);
    doc
      .font(fonts.bold)
      .fontSize(10.5)
      .fillColor(`#${appearance.color}`)
      .text(`${appearance.letter}  ${entry.tagName}`, left + 24, doc.y, { width: width - 24, continued: true })
      .font(fonts.regular)
      .fillColor(INK)
      .text(`  ${entry.count} ${entry.count === 1 ? "highlight" : "highlights"}`);
    for (const { label, count } of entry.labels) {
      doc
        .font(fonts.regular)
        .fontSize(9.5)
        .fillColor(INK)
        .text(`${label?.name ?? "No sub-label"}: ${count}`, left + 36, doc.y, { width: width - 36 });
      if (label?.definition) doc.fontSize(8.5).fillColor(MUTED).text(label.definition, left + 48, doc.y, { width: width - 48 });
    }
    doc.moveDown(0.3);
  }
}

function drawNotes(doc: PDFKit.PDFDocument, fonts: DejaVuFontPaths, highlights: readonly ExportHighlight[], widths: Map<string, number>): void {
  if (highlights.length === 0) return;
  sectionTitle(doc, fonts, "Notes");
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  for (const highlight of highlights) {
    keepRoom(doc, 70);
    const appearance = tagAppearance(highlight.tag);
    const top = doc.y;
    drawSwatch(doc, highlight, left, top + 1);
    const label = highlight.label ? ` › ${highlight.label.name}` : "";
    doc
      .font(fonts.bold)
      .fontSize(10.5)
      .fillColor(`#${appearance.color}`)
      .text(`${highlightMarker(highlight)}  ${highlight.tagName}${label}`, left + 24, top, { width: width - 24 });
    drawPlainText(doc, fonts, quoted(highlight.exact), { left: left + 24, width: width - 24, font: "oblique", size: 9.5, lineHeight: 12.5, after: 0 }, widths);
    const resolved = highlight.resolved
      ? `Resolved${highlight.resolvedBy ? ` by ${highlight.resolvedBy.name}` : ""}${highlight.resolvedAt ? ` on ${formatExportTime(highlight.resolvedAt)}` : ""}`
      : "Open";
    doc
      .font(fonts.regular)
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(`Highlighted by ${highlight.author.name} on ${formatExportTime(highlight.createdAt)} · ${resolved}`, left + 24, doc.y, { width: width - 24 });
    for (const line of threadLines(highlight.comments)) {
      const indent = 24 + REPLY_INDENT * (1 + Math.min(line.depth, MAX_REPLY_DEPTH));
      keepRoom(doc, 28);
      doc.moveDown(0.25);
      const heading = line.replyTo ? `↳ ${line.comment.author.name}, replying to ${line.replyTo.author.name}` : line.comment.author.name;
      doc
        .font(fonts.bold)
        .fontSize(9)
        .fillColor(INK)
        .text(heading, left + indent, doc.y, { width: width - indent, continued: true })
        .font(fonts.regular)
        .fillColor(MUTED)
        .text(` · ${formatExportTime(line.comment.createdAt)}`);
      drawPlainText(doc, fonts, commentPlainText(line.comment.body), { left: left + indent, width: width - indent, font: "regular", size: 9.5, lineHeight: 12.5, after: 0 }, widths);
    }
    doc.moveDown(0.8);
  }
}

/** Text of a note, one paragraph per line, set by the article's line layout (it knows right-to-left text). */
function drawPlainText(doc: PDFKit.PDFDocument, fonts: DejaVuFontPaths, text: string, frame: TextFrame, widths: Map<string, number>): void {
  const blocks: MarkedBlock[] = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => ({ type: "paragraph", pieces: [{ kind: "text", text: line, highlights: [] }] }));
  drawMarkedArticle(doc, fonts, blocks, frame, widths);
}

/** The passage in quotation marks, unless it already starts and ends with its own. */
function quoted(exact: string): string {
  const text = exact.replace(/\s+/g, " ").trim();
  return /^["“«„‘']/.test(text) && /["”»“’']$/.test(text) ? text : `“${text}”`;
}

function drawProvenance(doc: PDFKit.PDFDocument, fonts: DejaVuFontPaths, model: ExportModel): void {
  sectionTitle(doc, fonts, "About this copy");
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  for (const fact of provenanceFacts(model)) {
    doc
      .font(fonts.bold)
      .fontSize(9)
      .fillColor(INK)
      .text(`${fact.label}: `, left, doc.y, { width, continued: true })
      .font(fonts.regular)
      .text(fact.value);
  }
}

/** Page numbers go in once the page count is known; the bottom margin is lifted so PDFKit does not wrap onto a new page. */
function drawFooters(doc: PDFKit.PDFDocument, fonts: DejaVuFontPaths, title: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footer = `${title.length > 80 ? `${title.slice(0, 79)}…` : title} · page ${i + 1} of ${range.count}`;
    doc
      .font(fonts.regular)
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(footer, doc.page.margins.left, doc.page.height - 36, { width: contentWidth(doc), align: "center", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
