import { describe, expect, it } from "vitest";
import type { Block } from "@/lib/documents/schema.ts";
import { segmentBlocks } from "./segments.ts";

const blocks: Block[] = [
  { type: "paragraph", text: "Mali's army retook Kidal." },
  { type: "heading", text: "Aftermath" },
  { type: "paragraph", text: "A 👍 tactical withdrawal." },
];

const texts = (result: ReturnType<typeof segmentBlocks>, block: number) =>
  result[block]!.segments.map((segment) => [segment.text, segment.ids.join("+")]);

describe("segmentBlocks", () => {
  it("leaves unannotated blocks whole and counts block offsets with the blank-line separator", () => {
    const result = segmentBlocks(blocks, []);
    expect(result.map((block) => [block.start, block.length])).toEqual([
      [0, 25],
      [27, 9],
      [38, 24],
    ]);
    expect(texts(result, 0)).toEqual([["Mali's army retook Kidal.", ""]]);
  });

  it("nests overlapping highlights outermost first", () => {
    const result = segmentBlocks(blocks, [
      { id: "b", start: 7, end: 18 },
      { id: "a", start: 0, end: 11 },
    ]);
    expect(texts(result, 0)).toEqual([
      ["Mali's ", "a"],
      ["army", "a+b"],
      [" retook", "b"],
      [" Kidal.", ""],
    ]);
  });

  it("splits a highlight across blocks and counts code points, not UTF-16 units", () => {
    const result = segmentBlocks(blocks, [{ id: "x", start: 30, end: 41 }]);
    expect(texts(result, 1)).toEqual([
      ["Aft", ""],
      ["ermath", "x"],
    ]);
    expect(texts(result, 2)).toEqual([
      ["A 👍", "x"],
      [" tactical withdrawal.", ""],
    ]);
    const withdrawal = 38 + Array.from("A 👍 tactical ").length;
    expect(texts(segmentBlocks(blocks, [{ id: "w", start: withdrawal, end: withdrawal + 10 }]), 2)).toEqual([
      ["A 👍 tactical ", ""],
      ["withdrawal", "w"],
      [".", ""],
    ]);
  });

  it("ignores empty spans", () => {
    expect(texts(segmentBlocks(blocks, [{ id: "e", start: 3, end: 3 }]), 0)).toEqual([["Mali's army retook Kidal.", ""]]);
  });
});

describe("segmentBlocks on a densely annotated text", () => {
  it("agrees with a brute-force cover for random overlapping highlights", () => {
    const text = "abcdefghij".repeat(30);
    const dense: Block[] = [{ type: "paragraph", text }];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const spans = Array.from({ length: 200 }, (_, index) => {
      const start = Math.floor(random() * 280);
      return { id: `s${String(index).padStart(3, "0")}`, start, end: start + 1 + Math.floor(random() * 20) };
    });
    const segments = segmentBlocks(dense, spans)[0]!.segments;
    expect(segments.map((segment) => segment.text).join("")).toBe(text);
    for (const segment of segments) {
      const expected = spans
        .filter((span) => span.start <= segment.start && span.end >= segment.end)
        .sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1))
        .map((span) => span.id);
      expect(segment.ids).toEqual(expected);
    }
  });
});
