import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  TextRun,
  type ICommentOptions,
  type ParagraphChild,
} from "docx";
import { commentPlainText } from "@/lib/comments/comment-plain-text.ts";
import type { ExportHighlight, ExportModel } from "./export-model.ts";
import { formatExportTime } from "./format-export-time.ts";
import { highlightMarker } from "./highlight-marker.ts";
import { markPassages, type MarkedBlock } from "./mark-passages.ts";
import { provenanceFacts } from "./provenance-facts.ts";
import { tagAppearance } from "./tag-appearance.ts";
import { threadLines } from "./thread-lines.ts";

const MUTED = "555555";
/** Word measures indents in twentieths of a point. */
const REPLY_INDENT = 280;
const MAX_REPLY_DEPTH = 6;

/**
 * Characters XML 1.0 cannot hold (most C0 controls, unpaired surrogates, U+FFFE/FFFF). A comment
 * body is whatever someone typed into the shared document; one such character would make Word
 * refuse the whole file, so they are dropped from every string the copy writes.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const clean = (text: string) => text.replace(NOT_XML, "");

/**
 * The Word copy: the article with each highlight as a native Word comment anchored on its passage
 * (overlapping and paragraph-crossing highlights each get their own range), the comment holding the
 * tag, sub-label and whole thread; the passage also shaded and underlined in its tag's style and
 * preceded by its number and tag letter, as in the printed copy. Headline, source, legend and
 * provenance frame it. Comment bodies go in as plain text runs: a link, field or script in a
 * comment stays characters, never a hyperlink or a formula.
 */
export async function renderDocx(model: ExportModel): Promise<Uint8Array> {
  const { document } = model;
  const language = { value: document.language };
  const doc = new Document({
    title: clean(document.title),
    subject: clean(`Annotated copy (${model.highlights.length} highlights) from ${document.source}`),
    creator: clean(document.author ?? document.source),
    lastModifiedBy: clean(model.provenance.exportedBy?.name ?? "Marginalia"),
    description: clean(`Exported from Marginalia (${model.provenance.origin}) on ${formatExportTime(model.provenance.exportedAt)}`),
    keywords: clean(model.legend.map((entry) => entry.tagName).join(", ")),
    styles: { default: { document: { run: { language } } } },
    comments: { children: model.highlights.map(highlightComment) },
    sections: [
      {
        children: [
          ...header(model),
          heading("Legend"),
          ...legend(model),
          heading("Article"),
          ...markPassages(model).map(articleParagraph),
          heading("About this copy"),
          ...provenanceFacts(model).map(
            (fact) => new Paragraph({ children: [new TextRun({ text: clean(`${fact.label}: `), bold: true }), new TextRun(clean(fact.value))] }),
          ),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

function heading(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(text)] });
}

function header(model: ExportModel): Paragraph[] {
  const { document } = model;
  const byline = [document.source, document.author, document.publishedAt ? formatExportTime(document.publishedAt, false) : null].filter(Boolean).join(" · ");
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(clean(document.title))] }),
    new Paragraph({ children: [new TextRun({ text: clean(byline), color: MUTED })] }),
    new Paragraph({
      children: [
        new TextRun({
          text: clean(`Annotated copy · ${model.workspace?.name ?? "Public demo"} · exported ${formatExportTime(model.provenance.exportedAt)}`),
          color: MUTED,
          size: 18,
        }),
      ],
    }),
  ];
}

function legend(model: ExportModel): Paragraph[] {
  const paragraphs = [
    new Paragraph({
      children: [
        new TextRun({
          text: "Each highlight is a Word comment on its passage, holding its tag, sub-label and thread. The passage is shaded in its tag’s colour and starts with its number and tag letter, e.g. [3 P].",
          color: MUTED,
          size: 18,
        }),
      ],
    }),
  ];
  if (model.legend.length === 0) paragraphs.push(new Paragraph({ children: [new TextRun({ text: "No highlights in this copy.", italics: true })] }));
  for (const entry of model.legend) {
    const appearance = tagAppearance(entry.tag);
    paragraphs.push(
      new Paragraph({
        children: [
          new TextRun({
            text: ` ${appearance.letter} `,
            bold: true,
            color: appearance.color,
            shading: { type: ShadingType.CLEAR, color: "auto", fill: appearance.tint },
            underline: { type: appearance.wordUnderline, color: appearance.color },
          }),
          new TextRun({ text: clean(` ${entry.tagName}`), bold: true, color: appearance.color }),
          new TextRun(` — ${entry.count} ${entry.count === 1 ? "highlight" : "highlights"}`),
        ],
      }),
    );
    for (const { label, count } of entry.labels) {
      const children = [new TextRun(clean(`${label?.name ?? "No sub-label"}: ${count}`))];
      if (label?.definition) children.push(new TextRun({ text: clean(` — ${label.definition}`), color: MUTED, size: 18 }));
      paragraphs.push(new Paragraph({ indent: { left: 567 }, children }));
    }
  }
  return paragraphs;
}

/** Word wants a comment's id on its range start, range end and reference alike; the highlight number is unique and stable. */
const commentId = (highlight: ExportHighlight) => highlight.number;

function articleParagraph(block: MarkedBlock): Paragraph {
  const children: ParagraphChild[] = [];
  for (const piece of block.pieces) {
    if (piece.kind === "open") {
      const appearance = tagAppearance(piece.highlight.tag);
      children.push(new CommentRangeStart(commentId(piece.highlight)));
      children.push(new TextRun({ text: highlightMarker(piece.highlight), bold: true, superScript: true, color: appearance.color }));
    } else if (piece.kind === "close") {
      children.push(new CommentRangeEnd(commentId(piece.highlight)));
      children.push(new TextRun({ children: [new CommentReference(commentId(piece.highlight))] }));
    } else {
      // Word shades a run in one colour: the innermost (latest-opened) highlight's, as a reader's eye expects.
      const innermost = piece.highlights.at(-1);
      const appearance = innermost ? tagAppearance(innermost.tag) : null;
      children.push(
        new TextRun({
          text: clean(piece.text),
          ...(appearance && {
            shading: { type: ShadingType.CLEAR, color: "auto", fill: appearance.tint },
            underline: { type: appearance.wordUnderline, color: appearance.color },
          }),
        }),
      );
    }
  }
  return new Paragraph({ ...(block.type === "heading" && { heading: HeadingLevel.HEADING_2 }), children });
}

function highlightComment(highlight: ExportHighlight): ICommentOptions {
  const label = highlight.label ? ` › ${highlight.label.name}` : "";
  const resolved = highlight.resolved
    ? `Resolved${highlight.resolvedBy ? ` by ${highlight.resolvedBy.name}` : ""}${highlight.resolvedAt ? ` on ${formatExportTime(highlight.resolvedAt)}` : ""}`
    : "Open";
  const children = [
    new Paragraph({ children: [new TextRun({ text: clean(`${highlightMarker(highlight)} ${highlight.tagName}${label}`), bold: true, color: tagAppearance(highlight.tag).color })] }),
    new Paragraph({
      children: [new TextRun({ text: clean(`Highlighted by ${highlight.author.name} on ${formatExportTime(highlight.createdAt)} · ${resolved}`), color: MUTED })],
    }),
  ];
  for (const line of threadLines(highlight.comments)) {
    const indent = { left: REPLY_INDENT * Math.min(line.depth, MAX_REPLY_DEPTH) };
    const who = line.replyTo ? `↳ ${line.comment.author.name}, replying to ${line.replyTo.author.name}` : line.comment.author.name;
    children.push(
      new Paragraph({
        indent,
        spacing: { before: 80 },
        children: [new TextRun({ text: clean(who), bold: true }), new TextRun({ text: ` · ${formatExportTime(line.comment.createdAt)}`, color: MUTED })],
      }),
    );
    const body = clean(commentPlainText(line.comment.body)).split("\n");
    children.push(new Paragraph({ indent, children: body.map((text, i) => new TextRun(i > 0 ? { text, break: 1 } : text)) }));
  }
  return {
    id: commentId(highlight),
    author: clean(highlight.author.name),
    initials: initials(highlight.author.name),
    date: highlight.createdAt,
    resolved: highlight.resolved,
    children,
  };
}

function initials(name: string): string {
  const letters = clean(name)
    .split(/\s+/)
    .map((word) => Array.from(word)[0] ?? "")
    .join("");
  return letters.slice(0, 4) || "?";
}
