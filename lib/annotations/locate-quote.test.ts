import { describe, expect, it } from "vitest";
import { sliceCodePoints } from "./code-points.ts";
import { locateQuote } from "./locate-quote.ts";
import { textQuoteAnchor } from "./text-quote-anchor.ts";

const text = "😀 The army said “tactical” withdrawal. Later, the rebels called it a “tactical” retreat, not a rout.";

describe("locateQuote", () => {
  it("finds a unique quote in code points, whatever its context says", () => {
    const location = locateQuote(text, { exact: "rebels", prefix: "nonsense" });
    expect(text.indexOf("rebels")).toBe(51); // UTF-16: the emoji counts twice
    expect(location).toEqual({ found: "one", start: 50, end: 56 });
    if (location.found === "one") expect(sliceCodePoints(text, location.start, location.end)).toBe("rebels");
  });

  it("reports absent and ambiguous quotes", () => {
    expect(locateQuote(text, { exact: "victory" })).toEqual({ found: "none" });
    expect(locateQuote(text, { exact: "“tactical”" })).toEqual({ found: "ambiguous", count: 2 });
    expect(locateQuote(text, { exact: "“tactical”", prefix: "xyz", suffix: "xyz" })).toEqual({ found: "ambiguous", count: 2 });
  });

  it("picks the occurrence whose prefix or suffix agrees best", () => {
    const second = text.lastIndexOf("“tactical”") - 1; // one emoji before it: two UTF-16 units, one code point
    expect(locateQuote(text, { exact: "“tactical”", suffix: " retreat" })).toEqual({ found: "one", start: second, end: second + 10 });
    expect(locateQuote(text, { exact: "“tactical”", prefix: "army said " })).toEqual({ found: "one", start: 16, end: 26 });
    // A partly matching prefix still beats one that does not match at all.
    expect(locateQuote(text, { exact: "“tactical”", prefix: "THEY called it a " })).toMatchObject({ start: second });
  });

  it("round-trips with textQuoteAnchor", () => {
    const anchor = textQuoteAnchor(text, 16, 26);
    expect(anchor).toEqual({ start: 16, end: 26, exact: "“tactical”", prefix: "😀 The army said ", suffix: " withdrawal. Later, the rebels c" });
    expect(locateQuote(text, anchor)).toEqual({ found: "one", start: 16, end: 26 });
  });
});
