import { describe, expect, it } from "vitest";
import { allIndexesOfCodePoints, codePointLength, indexOfCodePoints, sliceCodePoints } from "./code-points.ts";

/** Reference implementation: what the helpers must agree with. */
const points = (text: string) => Array.from(text);

const samples = [
  "",
  "plain ascii",
  "Goïta and Bamako café", // precomposed accents: one unit, one code point each
  "Cafe\u0301 decomposed", // e + combining acute: two code points
  "👍 Kidal 🇲🇱 retaken 😀😀",
  "a\u{1F600}b\u{1D400}c", // astral letters between BMP ones
  "lone \ud800 high and \udc00 low",
];

describe("codePointLength", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(codePointLength("👍")).toBe(1);
    expect("👍".length).toBe(2);
    expect(codePointLength("é")).toBe(1);
    expect(codePointLength("e\u0301")).toBe(2);
    expect(codePointLength("🇲🇱")).toBe(2); // a flag is two regional-indicator code points
    for (const text of samples) expect(codePointLength(text)).toBe(points(text).length);
  });
});

describe("sliceCodePoints", () => {
  it("agrees with Array.from(...).slice for every range of every sample", () => {
    for (const text of samples) {
      const length = points(text).length;
      for (let start = 0; start <= length; start += 1) {
        for (let end = start; end <= length; end += 1) {
          expect(sliceCodePoints(text, start, end)).toBe(points(text).slice(start, end).join(""));
        }
      }
    }
  });

  it("never splits an emoji", () => {
    expect(sliceCodePoints("a😀b", 1, 2)).toBe("😀");
    expect(sliceCodePoints("a😀b", 2, 3)).toBe("b");
  });

  it("clamps out-of-range offsets and defaults end to the end of the text", () => {
    expect(sliceCodePoints("héllo", -3, 2)).toBe("hé");
    expect(sliceCodePoints("héllo", 3, 99)).toBe("lo");
    expect(sliceCodePoints("héllo", 3)).toBe("lo");
    expect(sliceCodePoints("héllo", 4, 2)).toBe("");
  });
});

describe("indexOfCodePoints", () => {
  it("returns code-point offsets after astral characters", () => {
    const text = "😀😀 Kidal, then 😀 Kidal again";
    expect(text.indexOf("Kidal")).toBe(5);
    expect(indexOfCodePoints(text, "Kidal")).toBe(3);
    expect(indexOfCodePoints(text, "Kidal", 4)).toBe(17);
    expect(sliceCodePoints(text, 17, 22)).toBe("Kidal");
    expect(indexOfCodePoints(text, "Gao")).toBe(-1);
  });

  it("handles accents and agrees with a code-point search on every sample", () => {
    expect(indexOfCodePoints("Goïta, Goïta", "Goïta", 1)).toBe(7);
    for (const text of samples) {
      const cps = points(text);
      for (let at = 0; at < cps.length; at += 1) {
        const search = cps.slice(at, at + 2).join("");
        const expected = cps.findIndex((_, i) => cps.slice(i, i + points(search).length).join("") === search);
        expect(indexOfCodePoints(text, search)).toBe(expected);
      }
    }
  });

  it("does not match half of a surrogate pair", () => {
    expect(indexOfCodePoints("😀", "\ude00")).toBe(-1);
    expect(indexOfCodePoints("😀 \ude00", "\ude00")).toBe(2);
  });
});

describe("allIndexesOfCodePoints", () => {
  it("finds every occurrence, overlapping ones too, in code points", () => {
    expect(allIndexesOfCodePoints("aaa", "aa")).toEqual([0, 1]);
    expect(allIndexesOfCodePoints("😀x😀x 😀x", "😀x")).toEqual([0, 2, 5]);
    expect(allIndexesOfCodePoints("é é é", "é")).toEqual([0, 2, 4]);
    expect(allIndexesOfCodePoints("abc", "")).toEqual([]);
    expect(allIndexesOfCodePoints("abc", "d")).toEqual([]);
  });
});
