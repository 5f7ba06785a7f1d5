import { describe, expect, it } from "vitest";
import { textQuoteAnchor } from "../text-quote-anchor.ts";
import { indexTextForImport } from "./index-text-for-import.ts";

// Emoji are two UTF-16 units but one code point: offsets after them must still count code points.
const text = "Rebels 😀 left “Kidal”.\n\nThe  army 😢 took “Kidal” — again.";

describe("indexTextForImport", () => {
  const index = indexTextForImport(text);

  it("finds normalised quotes at code-point offsets, past emoji", () => {
    expect(index.length).toBe(Array.from(text).length);
    const spans = index.occurrences('"Kidal"');
    expect(spans).toHaveLength(2);
    for (const span of spans) expect(index.anchor(span)).toEqual(textQuoteAnchor(text, span.start, span.end));
    expect(index.anchor(spans[1]!).exact).toBe("“Kidal”");
    expect(index.isAt('"Kidal"', spans[1]!.start)).toBe(true);
    expect(index.isAt('"Kidal"', spans[1]!.start + 1)).toBe(false);
    expect(index.isAt("x", index.length + 5)).toBe(false);
  });

  it("tells repeated quotes apart by verbatim context", () => {
    const [first, second] = index.occurrences('"Kidal"');
    expect(index.hasContext(first!, "left ", ".")).toBe(true);
    expect(index.hasContext(second!, "left ", ".")).toBe(false);
    expect(index.hasContext(second!, "took ", " - again")).toBe(true);
  });

  it("matches across changed whitespace and covers the document's own characters", () => {
    expect(index.occurrences("left \"Kidal\". The army")).toEqual([]);
    const [span] = index.occurrencesIgnoringSpacing("left \"Kidal\".\nThe army");
    expect(index.anchor(span!).exact).toBe("left “Kidal”.\n\nThe  army");
    expect(index.occurrencesIgnoringSpacing("The army 😢 took")).toHaveLength(1);
  });

  it("never starts or ends a match inside an emoji", () => {
    expect(index.occurrences("\ud83d")).toEqual([]);
  });
});
