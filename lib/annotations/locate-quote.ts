import { allIndexesOfCodePoints, codePointLength } from "./code-points.ts";

export type QuoteLocation =
  | { found: "one"; start: number; end: number }
  | { found: "none" }
  | { found: "ambiguous"; count: number };

/** How much of a client's prefix or suffix is compared; more never changes the winner in practice. */
const MAX_CONTEXT_COMPARED = 256;

/**
 * Finds a W3C TextQuoteSelector in `text` (offsets in code points). A quote that occurs once is
 * found whatever its context says. Among several occurrences the one whose surrounding text
 * agrees with the most code points of `prefix` (read backwards) and `suffix` wins; a tie for
 * first place is ambiguous, because guessing would silently anchor on the wrong sentence.
 */
export function locateQuote(text: string, quote: { exact: string; prefix?: string; suffix?: string }): QuoteLocation {
  const starts = allIndexesOfCodePoints(text, quote.exact);
  const length = codePointLength(quote.exact);
  const [only] = starts;
  if (only === undefined) return { found: "none" };
  if (starts.length === 1) return { found: "one", start: only, end: only + length };

  const chars = Array.from(text);
  const prefix = Array.from(quote.prefix ?? "").slice(-MAX_CONTEXT_COMPARED);
  const suffix = Array.from(quote.suffix ?? "").slice(0, MAX_CONTEXT_COMPARED);
  const score = (start: number): number => {
    let before = 0;
    while (before < prefix.length && prefix[prefix.length - 1 - before] === chars[start - 1 - before]) before += 1;
    let after = 0;
    while (after < suffix.length && suffix[after] === chars[start + length + after]) after += 1;
    return before + after;
  };

  const scored = starts.map((start) => ({ start, score: score(start) })).sort((a, b) => b.score - a.score);
  const [best, runnerUp] = scored;
  if (!best || (runnerUp && runnerUp.score === best.score)) return { found: "ambiguous", count: starts.length };
  return { found: "one", start: best.start, end: best.start + length };
}
