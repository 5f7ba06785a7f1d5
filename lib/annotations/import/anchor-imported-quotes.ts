import { MAX_EXACT_LENGTH, QUOTE_CONTEXT_CODE_POINTS } from "@/lib/realtime/doc-schema.ts";
import { codePointLength, sliceCodePoints } from "../code-points.ts";
import { reanchorAll } from "../reanchor.ts";
import type { TextQuoteAnchor } from "../text-quote-anchor.ts";
import { indexTextForImport, type ImportTextIndex, type TextSpan } from "./index-text-for-import.ts";
import { normalizeForMatching } from "./normalize-for-matching.ts";

export type ImportQuote = { exact: string; prefix?: string | undefined; suffix?: string | undefined; start?: number | undefined; end?: number | undefined };

/** Where a quote landed (quote and context read from the document's own text), or why it did not. */
export type ImportAnchor = { anchor: TextQuoteAnchor } | { reason: string };

/**
 * The one place among `spans` that the quote's context names: the only span, or the only one
 * whose text before and after agrees verbatim with prefix and suffix. Null when that is not one.
 */
function onlyPlace(index: ImportTextIndex, spans: readonly TextSpan[], prefix: string, suffix: string): TextSpan | null {
  if (spans.length === 1) return spans[0]!;
  if (!prefix && !suffix) return null;
  const agreeing = spans.filter((span) => index.hasContext(span, prefix, suffix));
  return agreeing.length === 1 ? agreeing[0]! : null;
}

/**
 * Places quotes from another tool on a document's text. Quote, context and text are compared
 * normalised (`normalizeForMatching`), so straight quotes find curly ones. In order: at the
 * source's position, when the quote is there; the quote's only occurrence, or the only one its
 * context agrees with verbatim; the same with whitespace runs counted as one space; else
 * `reanchorAll` (approximate matches with at most 20 % changed, chosen by context). The text is
 * indexed once (`indexTextForImport`), so only quotes that changed beyond spacing pay for the
 * approximate search. What stays unplaced gets a reason a person can act on.
 */
export function anchorImportedQuotes(text: string, quotes: readonly ImportQuote[]): ImportAnchor[] {
  const index = indexTextForImport(text);
  const results: ImportAnchor[] = [];
  const fuzzy: Array<{ index: number; occurrences: number; start: number; end: number; exact: string; prefix: string; suffix: string }> = [];
  quotes.forEach((quote, position) => {
    const exact = normalizeForMatching(quote.exact);
    const length = codePointLength(exact);
    if (length > MAX_EXACT_LENGTH) {
      results[position] = { reason: `The quote is longer than ${MAX_EXACT_LENGTH.toLocaleString("en")} characters.` };
      return;
    }
    if (quote.start !== undefined && index.isAt(exact, quote.start)) {
      results[position] = { anchor: index.anchor({ start: quote.start, end: quote.start + length }) };
      return;
    }
    const prefix = Array.from(normalizeForMatching(quote.prefix ?? "")).slice(-QUOTE_CONTEXT_CODE_POINTS).join("");
    const suffix = sliceCodePoints(normalizeForMatching(quote.suffix ?? ""), 0, QUOTE_CONTEXT_CODE_POINTS);
    const occurrences = index.occurrences(exact);
    const place = onlyPlace(index, occurrences, prefix, suffix) ?? (occurrences.length === 0 ? onlyPlace(index, index.occurrencesIgnoringSpacing(exact), prefix, suffix) : null);
    if (place) {
      results[position] = { anchor: index.anchor(place) };
      return;
    }
    // Without a position, -1 keeps re-anchoring from reading an empty prefix as "began the text".
    const start = quote.start ?? -1;
    fuzzy.push({ index: position, occurrences: occurrences.length, start, end: start + length, exact, prefix, suffix });
  });
  const normalized = normalizeForMatching(text);
  const { placed, orphans } = reanchorAll(fuzzy, normalized);
  for (const { annotation, start, end } of placed) results[annotation.index] = { anchor: index.anchor({ start, end }) };
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
