import type { Block } from "@/lib/documents/schema.ts";
import { ImportError, type ImportedArticle } from "./imported-article.ts";
import { markdownInlineText } from "./markdown-inline-text.ts";
import { parsePublishedDate } from "./parse-published-date.ts";
import { readFrontMatter } from "./read-front-matter.ts";

/** A block before its inline Markdown is reduced to text. */
type RawBlock =
  | { kind: "heading"; level: number; markdown: string }
  | { kind: "paragraph"; markdown: string; plainLine: boolean }
  | { kind: "code"; text: string };

/** A final line like "source site-28" names where the article comes from, as in plain-text imports. */
const SOURCE_LINE = /^source\s+(.+)$/i;
const BLANK = /^\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** All quote markers of a line at once: nested quotes read like one quote, without deep recursion. */
const QUOTE = /^(?: {0,3}>[ \t]?)+/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$/;
const TASK_BOX = /^\[[ xX]\][ \t]+/;
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]]+\]:[ \t]*(.*)$/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S/;
/** Raw HTML whose content is never text, and which may span blank lines. */
const HIDDEN_HTML_START = /^ {0,3}<(script|style|!--)/i;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$/;

/** Lines that end a paragraph or list item because they start a block of their own. */
function startsBlock(line: string): boolean {
  return (
    BLANK.test(line) || FENCE.test(line) || ATX_HEADING.test(line) || THEMATIC_BREAK.test(line) ||
    QUOTE.test(line) || LIST_ITEM.test(line)
  );
}

/** Table rows read like HTML table rows: one paragraph per row, cells separated by spaces. */
function tableRowText(line: string): string {
  return line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "").split(/(?<!\\)\|/).join(" ");
}

/** Like findIndex, but starting at `from`, so scanning ahead stays linear. */
function findLine(lines: readonly string[], from: number, matches: (line: string) => boolean): number {
  for (let index = from; index < lines.length; index += 1) if (matches(lines[index] ?? "")) return index;
  return -1;
}

function readBlocks(lines: readonly string[]): RawBlock[] {
  const blocks: RawBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    blocks.push({ kind: "paragraph", markdown: paragraph.join("\n"), plainLine: paragraph.length === 1 });
    paragraph = [];
  };

  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? "";
    const fence = FENCE.exec(line);
    const heading = ATX_HEADING.exec(line);
    const underline = SETEXT_UNDERLINE.exec(line);

    if (BLANK.test(line)) {
      flush();
      index += 1;
    } else if (fence?.[1]) {
      flush();
      const marker = fence[1];
      const closing = new RegExp(`^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`);
      const end = findLine(lines, index + 1, (candidate) => closing.test(candidate));
      const stop = end === -1 ? lines.length : end;
      blocks.push({ kind: "code", text: lines.slice(index + 1, stop).join("\n") });
      index = stop + 1;
    } else if (HIDDEN_HTML_START.test(line)) {
      flush();
      const opener = (HIDDEN_HTML_START.exec(line)?.[1] ?? "").toLowerCase();
      const closer = opener === "!--" ? "-->" : `</${opener}>`;
      const end = findLine(lines, index, (candidate) => candidate.toLowerCase().includes(closer));
      if (end === -1) break;
      // Text after the closing tag on the same line is still text.
      const endLine = lines[end] ?? "";
      const rest = endLine.slice(endLine.toLowerCase().indexOf(closer) + closer.length);
      if (!BLANK.test(rest)) paragraph.push(rest);
      index = end + 1;
    } else if (heading?.[1]) {
      flush();
      blocks.push({ kind: "heading", level: heading[1].length, markdown: heading[2] ?? "" });
      index += 1;
    } else if (underline?.[1] && paragraph.length > 0) {
      blocks.push({ kind: "heading", level: underline[1].startsWith("=") ? 1 : 2, markdown: paragraph.join("\n") });
      paragraph = [];
      index += 1;
    } else if (THEMATIC_BREAK.test(line)) {
      flush();
      index += 1;
    } else if (QUOTE.test(line)) {
      flush();
      const quoted: string[] = [];
      while (index < lines.length && QUOTE.test(lines[index] ?? "")) {
        quoted.push((lines[index] ?? "").replace(QUOTE, ""));
        index += 1;
      }
      // A quote holds Markdown of its own (not quotes: those markers are gone); its paragraphs are
      // never the source line.
      for (const block of readBlocks(quoted)) {
        blocks.push(block.kind === "paragraph" ? { ...block, plainLine: false } : block);
      }
    } else if (LIST_ITEM.test(line)) {
      flush();
      const item = [(LIST_ITEM.exec(line)?.[1] ?? "").replace(TASK_BOX, "")];
      index += 1;
      while (index < lines.length && !startsBlock(lines[index] ?? "")) {
        item.push(lines[index] ?? "");
        index += 1;
      }
      blocks.push({ kind: "paragraph", markdown: item.join("\n"), plainLine: false });
    } else if (paragraph.length === 0 && line.includes("|") && TABLE_DELIMITER.test(lines[index + 1] ?? "")) {
      blocks.push({ kind: "paragraph", markdown: tableRowText(line), plainLine: false });
      index += 2;
      while (index < lines.length && !BLANK.test(lines[index] ?? "") && (lines[index] ?? "").includes("|")) {
        blocks.push({ kind: "paragraph", markdown: tableRowText(lines[index] ?? ""), plainLine: false });
        index += 1;
      }
    } else if (paragraph.length === 0 && FOOTNOTE_DEFINITION.test(line)) {
      paragraph.push(FOOTNOTE_DEFINITION.exec(line)?.[1] ?? "");
      index += 1;
    } else if (paragraph.length === 0 && LINK_DEFINITION.test(line)) {
      // "[id]: https://..." only defines a link target; it is not text.
      index += 1;
    } else {
      paragraph.push(line);
      index += 1;
    }
  }
  flush();
  return blocks;
}

function nonEmpty(text: string | undefined): string | null {
  const trimmed = text?.replace(/\s+/g, " ").trim() ?? "";
  return trimmed.length > 0 ? trimmed : null;
}

/**
 * Reads an article written in Markdown: a leading "# Title" is the headline, "##"–"######" are
 * subheads, paragraphs, list items, quotes and code blocks become paragraphs of plain text, and
 * YAML front matter (title, author, date, source, lang) or a last line "source <name>" supply the
 * metadata. Formatting is dropped because annotations anchor into plain text.
 */
export function parseMarkdownArticle(markdown: string): ImportedArticle {
  const { fields, body } = readFrontMatter(markdown.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"));
  const raw = readBlocks(body.split("\n"));

  let title = nonEmpty(fields.get("title"));
  const first = raw[0];
  if (first?.kind === "heading" && first.level === 1) {
    const headline = markdownInlineText(first.markdown);
    // Front matter wins; a different "# line" under it is then just the first subhead.
    if (title === null || title === headline) {
      title = nonEmpty(headline);
      raw.shift();
    }
  }

  let source = nonEmpty(fields.get("source"));
  const last = raw.at(-1);
  const sourceLine = last?.kind === "paragraph" && last.plainLine ? SOURCE_LINE.exec(last.markdown.trim()) : null;
  if (sourceLine?.[1]) {
    source ??= nonEmpty(markdownInlineText(sourceLine[1]));
    raw.pop();
  }

  const blocks = raw
    .map((block): Block => {
      if (block.kind === "code") return { type: "paragraph", text: block.text.replace(/\s+/g, " ").trim() };
      return { type: block.kind, text: markdownInlineText(block.markdown) };
    })
    .filter((block) => block.text.length > 0);
  if (blocks.length === 0) {
    throw new ImportError(
      "NO_ARTICLE",
      "The text has no paragraphs to import. Add the article's body below its title.",
    );
  }

  return {
    title,
    source,
    author: nonEmpty(fields.get("author") ?? fields.get("authors")),
    publishedAt: parsePublishedDate(fields.get("date")),
    language: nonEmpty(fields.get("lang") ?? fields.get("language")),
    blocks,
  };
}
