import { QUOTE_CONTEXT_CODE_POINTS } from "@/lib/realtime/doc-schema.ts";
import type { TextQuoteAnchor } from "../text-quote-anchor.ts";
import { normalizeForMatching } from "./normalize-for-matching.ts";

/** A place in the document's text, in code points, end exclusive. */
export type TextSpan = { start: number; end: number };

/** A document's text prepared once for placing the many quotes of one import file. */
export type ImportTextIndex = {
  /** Length in code points. */
  length: number;
  /** The normalised text (`normalizeForMatching`); `quote` must be normalised too. */
  isAt(quote: string, start: number): boolean;
  /** Every place the normalised quote occurs, overlapping ones too. */
  occurrences(quote: string): TextSpan[];
  /** Every place it occurs when each run of whitespace, in quote and text, counts as one space. */
  occurrencesIgnoringSpacing(quote: string): TextSpan[];
  /** Whether the text right before `span` ends with `prefix` and right after begins with `suffix` (normalised). */
  hasContext(span: TextSpan, prefix: string, suffix: string): boolean;
  /** The anchor as stored: quote and context read from the document's own text. */
  anchor(span: TextSpan): TextQuoteAnchor;
};

const WHITESPACE_RUN = /\s+/g;

/**
 * Indexes `text` for import: its normalised form, tables between code points and UTF-16 units
 * (so no lookup walks the text from its start), and a copy with whitespace runs collapsed,
 * mapped back to the text. Each lookup is then a native `indexOf`, so placing thousands of
 * quotes costs about as much as scanning for them, and only what these lookups cannot place
 * needs the (much slower) approximate search.
 */
export function indexTextForImport(text: string): ImportTextIndex {
  const normalized = normalizeForMatching(text);
  // unitOf[codePoint] is the code point's first UTF-16 unit; codePointOf[unit] the code point a unit belongs to.
  const unitOf: number[] = [];
  const codePointOf = new Int32Array(text.length + 1);
  for (let unit = 0; unit < text.length; ) {
    const pair = isHighSurrogate(text.charCodeAt(unit)) && isLowSurrogate(text.charCodeAt(unit + 1));
    codePointOf[unit] = unitOf.length;
    if (pair) codePointOf[unit + 1] = unitOf.length;
    unitOf.push(unit);
    unit += pair ? 2 : 1;
  }
  const length = unitOf.length;
  unitOf.push(text.length);
  codePointOf[text.length] = length;

  // The normalised text with whitespace runs as one space, and for each of its units the unit of the text it came from.
  let spaced: { text: string; unitOf: Int32Array } | undefined;
  const collapsed = () => {
    if (spaced) return spaced;
    const origin = new Int32Array(normalized.length + 1);
    let result = "";
    let last = 0;
    for (const run of normalized.matchAll(WHITESPACE_RUN)) {
      for (let unit = last; unit < run.index; unit += 1) origin[result.length + unit - last] = unit;
      result += normalized.slice(last, run.index);
      origin[result.length] = run.index;
      result += " ";
      last = run.index + run[0].length;
    }
    for (let unit = last; unit < normalized.length; unit += 1) origin[result.length + unit - last] = unit;
    result += normalized.slice(last);
    origin[result.length] = normalized.length;
    spaced = { text: result, unitOf: origin };
    return spaced;
  };

  const allIndexes = (haystack: string, needle: string) => {
    const found: number[] = [];
    if (!needle) return found;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) found.push(at);
    return found;
  };
  // A match must not begin or end between the halves of a surrogate pair.
  const onBoundary = (unit: number) => unitOf[codePointOf[unit]!] === unit;
  const span = (fromUnit: number, toUnit: number): TextSpan[] =>
    onBoundary(fromUnit) && onBoundary(toUnit) ? [{ start: codePointOf[fromUnit]!, end: codePointOf[toUnit]! }] : [];
  const slice = (from: number, to: number) => text.slice(unitOf[Math.max(0, from)], unitOf[Math.min(length, Math.max(0, to))]);

  return {
    length,
    isAt: (quote, start) => start >= 0 && start <= length && normalized.startsWith(quote, unitOf[start]!) && onBoundary(unitOf[start]! + quote.length),
    occurrences: (quote) => allIndexes(normalized, quote).flatMap((unit) => span(unit, unit + quote.length)),
    occurrencesIgnoringSpacing(quote) {
      const { text: haystack, unitOf: origin } = collapsed();
      const needle = quote.replace(WHITESPACE_RUN, " ");
      // A collapsed space stands for its whole run: a match ending in one ends after the run's first unit.
      return allIndexes(haystack, needle).flatMap((at) => span(origin[at]!, origin[at + needle.length - 1]! + 1));
    },
    hasContext: ({ start, end }, prefix, suffix) => normalized.endsWith(prefix, unitOf[start]) && normalized.startsWith(suffix, unitOf[end]),
    anchor: ({ start, end }) => ({
      start,
      end,
      exact: slice(start, end),
      prefix: slice(start - QUOTE_CONTEXT_CODE_POINTS, start),
      suffix: slice(end, end + QUOTE_CONTEXT_CODE_POINTS),
    }),
  };
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
