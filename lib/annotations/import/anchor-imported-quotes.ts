import { MAX_EXACT_LENGTH, QUOTE_CONTEXT_CODE_POINTS } from "@/lib/realtime/doc-schema.ts";
import { allIndexesOfCodePoints, codePointLength, sliceCodePoints } from "../code-points.ts";
import { reanchorAll } from "../reanchor.ts";
import { textQuoteAnchor, type TextQuoteAnchor } from "../text-quote-anchor.ts";
import { normalizeForMatching } from "./normalize-for-matching.ts";

export type ImportQuote = { exact: string; prefix?: string | undefined; suffix?: string | undefined; start?: number | undefined; end?: number | undefined };

/** Where a quote landed (quote and context read from the document's own text), or why it did not. */
export type ImportAnchor = { anchor: TextQuoteAnchor } | { reason: string };

/**
 * Places quotes from another tool on a document's text. Quote, context and text are compared
 * normalised (`normalizeForMatching`), so straight quotes find curly ones. In order: at the
 * source's position, when the quote is there; the quote's only occurrence; else `reanchorAll`
 * (verbatim occurrences chosen by context, then approximate matches with at most 20 % changed,
 * which absorbs changed whitespace). What stays unplaced gets a reason a person can act on.
 */
export function anchorImportedQuotes(text: string, quotes: readonly ImportQuote[]): ImportAnchor[] {
  const normalized = normalizeForMatching(text);
  const textLength = codePointLength(text);
  const results: ImportAnchor[] = [];
  const fuzzy: Array<{ index: number; occurrences: number; start: number; end: number; exact: string; prefix: string; suffix: string }> = [];
  quotes.forEach((quote, index) => {
    const exact = normalizeForMatching(quote.exact);
    const length = codePointLength(exact);
    if (length > MAX_EXACT_LENGTH) {
      results[index] = { reason: `The quote is longer than ${MAX_EXACT_LENGTH.toLocaleString("en")} characters.` };
      return;
    }
    const place = (start: number) => ({ anchor: textQuoteAnchor(text, start, start + length) });
    if (quote.start !== undefined && quote.start + length <= textLength && sliceCodePoints(normalized, quote.start, quote.start + length) === exact) {
      results[index] = place(quote.start);
      return;
    }
    const occurrences = allIndexesOfCodePoints(normalized, exact);
    if (occurrences.length === 1) {
      results[index] = place(occurrences[0]!);
      return;
    }
    // Without a position, -1 keeps re-anchoring from reading an empty prefix as "began the text".
    const start = quote.start ?? -1;
    fuzzy.push({
      index,
      occurrences: occurrences.length,
      start,
      end: start + length,
      exact,
      prefix: Array.from(normalizeForMatching(quote.prefix ?? "")).slice(-QUOTE_CONTEXT_CODE_POINTS).join(""),
      suffix: sliceCodePoints(normalizeForMatching(quote.suffix ?? ""), 0, QUOTE_CONTEXT_CODE_POINTS),
    });
  });
  const { placed, orphans } = reanchorAll(fuzzy, normalized);
  for (const { annotation, start, end } of placed) results[annotation.index] = { anchor: textQuoteAnchor(text, start, end) };
  for (const orphan of orphans) {
    results[orphan.index] = {
      reason:
        orphan.occurrences > 1
          ? `The quote occurs ${orphan.occurrences} times and its context does not tell which one was meant.`
          : "The quote is not in this document's text, not even approximately.",
    };
  }
  return results;
}
