import type { RootContent } from "mdast";
import type { Block } from "@/lib/documents/schema.ts";
import { textToBlocks } from "@/lib/documents/parse-plain-text-article.ts";
import { ImportError, type ImportedArticle } from "./imported-article.ts";
import { mdastPlainText } from "./mdast-plain-text.ts";
import { parseMarkdownTree } from "./parse-markdown-tree.ts";
import { parsePublishedDate } from "./parse-published-date.ts";
import { readFrontMatter } from "./read-front-matter.ts";

/** A block with what the title and source-line rules need to know about where it came from. */
type ReadBlock = Block & { level: number; plainLine: boolean };

/** A final line like "source site-28" names where the article comes from, as in plain-text imports. */
const SOURCE_LINE = /^source\s+(.+)$/i;

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function paragraph(text: string, plainLine = false): ReadBlock {
  return { type: "paragraph", text: collapse(text), level: 0, plainLine };
}

/**
 * Headings stay headings; everything else that holds words becomes paragraphs: list items,
 * quotes and footnotes by their own paragraphs, code blocks and raw HTML by their text, table
 * rows one paragraph each with cells separated by spaces (as HTML tables read).
 */
function readBlocks(nodes: readonly RootContent[], topLevel: boolean): ReadBlock[] {
  return nodes.flatMap((node): ReadBlock[] => {
    switch (node.type) {
      case "heading":
        return [{ type: "heading", text: collapse(mdastPlainText(node)), level: node.depth, plainLine: false }];
      case "paragraph": {
        const { start, end } = node.position ?? {};
        return [paragraph(mdastPlainText(node), topLevel && start !== undefined && start.line === end?.line)];
      }
      case "code":
      case "html":
        return [paragraph(mdastPlainText(node))];
      case "table":
        return node.children.map((row) => paragraph(row.children.map(mdastPlainText).join(" ")));
      case "list":
      case "listItem":
      case "blockquote":
      case "footnoteDefinition":
        return readBlocks(node.children, false);
      default:
        return [];
    }
  });
}

/** Text with more markup than writing holds is read as plain text, paragraph by paragraph. */
function readBody(body: string): ReadBlock[] {
  const tree = parseMarkdownTree(body);
  if (tree) return readBlocks(tree.children, true);
  return textToBlocks(body).map((block) => paragraph(block.text));
}

function nonEmpty(text: string | undefined): string | null {
  const trimmed = collapse(text ?? "");
  return trimmed.length > 0 ? trimmed : null;
}

/**
 * Reads an article written in Markdown (CommonMark with GFM): a leading "# Title" is the
 * headline, "##"–"######" are subheads, paragraphs, list items, quotes, footnotes, table rows and
 * code blocks become paragraphs of plain text, and YAML front matter (title, author, date,
 * source, lang) or a last line "source <name>" supply the metadata. Formatting is dropped
 * because annotations anchor into plain text.
 */
export function parseMarkdownArticle(markdown: string): ImportedArticle {
  const { fields, body } = readFrontMatter(markdown.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"));
  const read = readBody(body).filter((block) => block.text.length > 0);

  let title = nonEmpty(fields.get("title"));
  const first = read[0];
  // Front matter wins; a different "# line" under it is then just the first subhead.
  if (first?.type === "heading" && first.level === 1 && (title === null || title === first.text)) {
    title = first.text;
    read.shift();
  }

  let source = nonEmpty(fields.get("source"));
  const last = read.at(-1);
  const sourceLine = last?.plainLine ? SOURCE_LINE.exec(last.text) : null;
  if (sourceLine?.[1]) {
    source ??= nonEmpty(sourceLine[1]);
    read.pop();
  }

  const blocks = read.map(({ type, text }): Block => ({ type, text }));
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
