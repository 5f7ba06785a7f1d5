import { QUOTE_CONTEXT_CODE_POINTS } from "@/lib/realtime/doc-schema.ts";
import { sliceCodePoints } from "./code-points.ts";

export type TextQuoteAnchor = { start: number; end: number; exact: string; prefix: string; suffix: string };

/**
 * Both W3C selectors for the code points [start, end) of `text`: the position, the quote and
 * up to 32 code points of context either side, so the anchor can be found again by quote
 * after the article is revised. The caller checks that the range is inside the text.
 */
export function textQuoteAnchor(text: string, start: number, end: number): TextQuoteAnchor {
  return {
    start,
    end,
    exact: sliceCodePoints(text, start, end),
    prefix: sliceCodePoints(text, start - QUOTE_CONTEXT_CODE_POINTS, start),
    suffix: sliceCodePoints(text, end, end + QUOTE_CONTEXT_CODE_POINTS),
  };
}
