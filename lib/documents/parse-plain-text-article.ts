import type { Block } from "./schema.ts";

export type ParsedArticle = { title: string; source: string | null; blocks: Block[] };

/** A final line like "source site-28" names where the article comes from. */
const SOURCE_LINE = /^source\s+(.+)$/i;
/** Sentence-final punctuation, optionally followed by closing quotes or brackets. */
const ENDS_LIKE_SENTENCE = /[.!?…:;]["'”’»)\]]*$/;
const MAX_HEADING_LENGTH = 120;

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function chunkToBlock(chunk: string): Block {
  const text = collapseWhitespace(chunk);
  const isHeading = !chunk.includes("\n") && text.length <= MAX_HEADING_LENGTH && !ENDS_LIKE_SENTENCE.test(text);
  return { type: isHeading ? "heading" : "paragraph", text };
}

/**
 * Splits article body text into blocks: blank lines separate paragraphs, and a short one-line
 * paragraph that does not end like a sentence is a subhead.
 */
export function textToBlocks(text: string): Block[] {
  return splitChunks(text).map(chunkToBlock);
}

/** Blank-line separated chunks, trimmed, with any line ending style. */
function splitChunks(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.length > 0);
}

/**
 * Reads an article in plain text: the first line is the headline, blank lines separate
 * paragraphs, and an optional last line "source <name>" is the source line. A short one-line
 * paragraph that does not end like a sentence is a subhead.
 */
export function parsePlainTextArticle(raw: string): ParsedArticle {
  const chunks = splitChunks(raw);
  const first = chunks.shift();
  if (first === undefined) throw new Error("The article is empty.");
  // The headline is the first line; anything after it in the same chunk is body text.
  const [titleLine = "", ...restOfFirst] = first.split("\n");
  if (restOfFirst.length > 0) chunks.unshift(restOfFirst.join("\n"));

  let source: string | null = null;
  const last = chunks.at(-1);
  const sourceMatch = last === undefined ? null : SOURCE_LINE.exec(collapseWhitespace(last));
  if (sourceMatch?.[1] && !last?.includes("\n")) {
    source = sourceMatch[1];
    chunks.pop();
  }

  const blocks = chunks.map(chunkToBlock);
  if (blocks.length === 0) throw new Error("The article has a headline but no body text.");

  return { title: collapseWhitespace(titleLine), source, blocks };
}
