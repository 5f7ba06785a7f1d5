import type { Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { exceedsMarkupBudget, type MarkupBudget } from "@/lib/markdown/exceeds-markup-budget.ts";

/**
 * Well above what a long, heavily linked article uses (a link is one bracket, an emphasis two
 * delimiter runs), well below where micromark's look-back over delimiters costs seconds.
 */
const ARTICLE_MARKUP_BUDGET: MarkupBudget = {
  delimiterRuns: 4_000,
  longestDelimiterRun: 64,
  brackets: 4_000,
  backtickRuns: 2_000,
  angleBrackets: 4_000,
  addressHints: 4_000,
  nesting: 16,
};

/** More quote markers opening a line than the budget's nesting allows: see below. */
const DEEP_QUOTE_MARKERS = /^ {0,3}>(?:[ \t]*>){16,}/gm;

/**
 * The Markdown syntax tree of an article (CommonMark with GFM tables, task lists, footnotes,
 * strikethrough and autolinks), or null when the text holds far more markup than writing does
 * and should be read as plain text. Quotes nested deeper than anyone writes are read as one
 * quote: an import keeps no quote structure, and thousands of levels would only cost time.
 */
export function parseMarkdownTree(markdown: string): Root | null {
  const flattened = markdown.replace(DEEP_QUOTE_MARKERS, "> ");
  if (exceedsMarkupBudget(flattened, ARTICLE_MARKUP_BUDGET)) return null;
  return fromMarkdown(flattened, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}
