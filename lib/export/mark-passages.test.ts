import { describe, expect, it } from "vitest";
import type { ExportHighlight } from "./export-model.ts";
import { fixtureExportModel } from "./fixture-model.ts";
import { markPassages, type MarkedBlock } from "./mark-passages.ts";

const blockText = (block: MarkedBlock) => block.pieces.map((p) => (p.kind === "text" ? p.text : "")).join("");

/** The text each highlight covers, read back from the pieces. */
function coveredText(blocks: MarkedBlock[]): Map<number, string> {
  const covered = new Map<number, string[]>();
  for (const block of blocks) {
    for (const piece of block.pieces) {
      if (piece.kind !== "text") continue;
      for (const h of piece.highlights) covered.set(h.number, [...(covered.get(h.number) ?? []), piece.text]);
    }
  }
  return new Map([...covered].map(([n, parts]) => [n, parts.join("|")]));
}

describe("markPassages", () => {
  const model = fixtureExportModel();
  const blocks = markPassages(model);

  it("keeps every block's text whole and in order", () => {
    expect(blocks.map(blockText)).toEqual(model.document.blocks.map((b) => b.text));
    expect(blocks.map((b) => b.type)).toEqual(model.document.blocks.map((b) => b.type));
  });

  it("opens and closes every highlight exactly once, the open first", () => {
    const events = blocks.flatMap((b) => b.pieces).filter((p) => p.kind !== "text");
    for (const h of model.highlights) {
      const mine = events.filter((e) => e.highlight.id === h.id).map((e) => e.kind);
      expect(mine, `highlight ${h.number}`).toEqual(["open", "close"]);
    }
  });

  it("covers each highlight's quote, overlapping ones included, across a paragraph break", () => {
    const covered = coveredText(blocks);
    for (const h of model.highlights) {
      // A crossing highlight is cut at the blank line between blocks, which no block holds.
      expect(covered.get(h.number)?.replaceAll("|", ""), `highlight ${h.number}`).toBe(h.exact.replace("\n\n", ""));
    }
    const emblematic = model.highlights.find((h) => h.id === "h-emblematic")!;
    const feat = model.highlights.find((h) => h.id === "h-feat")!;
    const shared = blocks[1]!.pieces.find((p) => p.kind === "text" && p.text === "feat of arms");
    expect(shared).toMatchObject({ highlights: [emblematic, feat] });
  });

  it("closes a range before opening the next at the same offset", () => {
    const base = fixtureExportModel();
    const h = (number: number, start: number, end: number): ExportHighlight => ({ ...base.highlights[0]!, id: `h${number}`, number, start, end });
    const [block] = markPassages({ document: { ...base.document, blocks: [{ type: "paragraph", text: "abcdef" }] }, highlights: [h(1, 0, 3), h(2, 3, 6), h(3, 3, 3)] });
    expect(block!.pieces.map((p) => (p.kind === "text" ? p.text : `${p.kind}${p.highlight.number}`))).toEqual([
      "open1",
      "abc",
      "close1",
      "open2",
      "open3",
      "close3",
      "def",
      "close2",
    ]);
  });

  it("moves ends in the gap between blocks to the nearest block, and clamps offsets past the text", () => {
    const base = fixtureExportModel();
    const document = { ...base.document, blocks: [{ type: "paragraph" as const, text: "one" }, { type: "paragraph" as const, text: "two" }] };
    const h = (number: number, start: number, end: number): ExportHighlight => ({ ...base.highlights[0]!, id: `h${number}`, number, start, end });
    // "one\n\ntwo": 4 is inside the gap; 50 is past the end.
    const blocks = markPassages({ document, highlights: [h(1, 1, 4), h(2, 4, 50)] });
    expect(coveredText(blocks)).toEqual(new Map([[1, "ne"], [2, "two"]]));
  });
});
