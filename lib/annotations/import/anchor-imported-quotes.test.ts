import { describe, expect, it } from "vitest";
import { kidalText } from "@/test/fixtures/import/fixtures.ts";
import { codePointLength, sliceCodePoints } from "../code-points.ts";
import { anchorImportedQuotes } from "./anchor-imported-quotes.ts";

const text = kidalText();
const at = (quote: string, occurrence = 0) => {
  let unit = -1;
  for (let seen = 0; seen <= occurrence; seen += 1) unit = text.indexOf(quote, unit + 1);
  return codePointLength(text.slice(0, unit));
};
const placed = (result: ReturnType<typeof anchorImportedQuotes>[number]) => ("anchor" in result ? result.anchor : null);

describe("anchorImportedQuotes on the Kidal article", () => {
  it("lands straight-quoted quotes on the curly-quoted text and stores the document's own characters", () => {
    const [result] = anchorImportedQuotes(text, [{ exact: "It's difficult to ignore Wagner's fighters" }]);
    expect(placed(result!)).toMatchObject({ exact: "It’s difficult to ignore Wagner’s fighters", start: at("It’s difficult") });
  });

  it("picks the occurrence of a repeated quote its context names, after normalising quotes in the context too", () => {
    const second = at("“tactical” withdrawal", 1);
    const [result] = anchorImportedQuotes(text, [{ exact: '"tactical" withdrawal', prefix: "security situation that presents itself today. And the ", suffix: ' mentioned by the Tuaregs is undoubtedly' }]);
    expect(placed(result!)).toMatchObject({ start: second, exact: "“tactical” withdrawal" });
  });

  it("uses the source's position when the quote is there, and ignores it when it is not", () => {
    const first = at("“tactical” withdrawal");
    const [hinted, wrongHint] = anchorImportedQuotes(text, [
      { exact: "“tactical” withdrawal", start: first, end: first + 21 },
      { exact: "It's difficult to ignore Wagner's fighters", start: 5, end: 47 },
    ]);
    expect(placed(hinted!)?.start).toBe(first);
    expect(placed(wrongHint!)?.start).toBe(at("It’s difficult"));
  });

  it("lands a quote whose whitespace changed, covering the document's words", () => {
    const quote = "Malian soldiers suffered\n   fairly significant losses";
    const [result] = anchorImportedQuotes(text, [{ exact: quote, prefix: "No figures but, according to several sources, ", suffix: " until they managed to seize Kidal airport." }]);
    const anchor = placed(result!);
    expect(anchor && sliceCodePoints(text, anchor.start, anchor.end)).toBe("Malian soldiers suffered fairly significant losses");
  });

  it("reports what it cannot place, and why", () => {
    const results = anchorImportedQuotes(text, [{ exact: "a sentence this article never contained" }, { exact: "Kidal" }, { exact: "x".repeat(5_001) }]);
    expect(results.map((result) => ("reason" in result ? result.reason : "placed"))).toEqual([
      expect.stringMatching(/not in this document's text/),
      expect.stringMatching(/occurs \d+ times/),
      expect.stringMatching(/longer than 5,000/),
    ]);
  });
});
