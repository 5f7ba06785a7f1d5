import { describe, expect, it } from "vitest";
import type { Block } from "@/lib/documents/schema.ts";
import { countUnder, heatmapBlocks, labelGroups, shadeLevel, stretchInKey, visibleStretches, type HeatmapStretch, type KeySpan } from "./heatmap-view.ts";

const blocks: Block[] = [
  { type: "paragraph", text: "Hello brave world" },
  { type: "paragraph", text: "Second line" },
];

function stretch(start: number, end: number, participants: HeatmapStretch["participants"]): HeatmapStretch {
  const byTag = { propaganda: 0, sourcing: 0, context: 0 };
  const byTechnique: Record<string, number> = {};
  for (const entry of participants) {
    byTag[entry.tag] += 1;
    if (entry.technique) byTechnique[entry.technique] = (byTechnique[entry.technique] ?? 0) + 1;
  }
  return { start, end, total: new Set(participants.map((entry) => entry.participantId)).size, byTag, byTechnique, participants, agreement: 1 };
}

const stretches = [
  stretch(6, 11, [
    { participantId: "a", tag: "propaganda", technique: "loaded-language" },
    { participantId: "b", tag: "sourcing", technique: null },
  ]),
  stretch(19, 25, [{ participantId: "a", tag: "context", technique: null }]),
];
const key: KeySpan[] = [{ start: 0, end: 8, tag: "propaganda", technique: "loaded-language" }];

describe("heatmap view", () => {
  it("counts a stretch under each lens", () => {
    expect(countUnder(stretches[0]!, { kind: "all" })).toBe(2);
    expect(countUnder(stretches[0]!, { kind: "tag", tag: "sourcing" })).toBe(1);
    expect(countUnder(stretches[0]!, { kind: "technique", technique: "loaded-language" })).toBe(1);
    expect(countUnder(stretches[0]!, { kind: "technique", technique: "doubt" })).toBe(0);
  });

  it("shades against the class size, never zero for a covered stretch", () => {
    expect(shadeLevel(0, 30)).toBe(0);
    expect(shadeLevel(1, 30)).toBe(1);
    expect(shadeLevel(15, 30)).toBe(2);
    expect(shadeLevel(30, 30)).toBe(4);
    expect(shadeLevel(3, 0)).toBe(4);
  });

  it("splits the text at stretch and key boundaries", () => {
    const [first, second] = heatmapBlocks(blocks, stretches, key, { kind: "all" });
    expect(first!.runs.map((run) => [run.text, run.stretch, run.key])).toEqual([
      ["Hello ", null, true],
      ["br", 0, true],
      ["ave", 0, false],
      [" world", null, false],
    ]);
    expect(second!.runs.map((run) => [run.text, run.stretch])).toEqual([["Second", 1], [" line", null]]);
  });

  it("leaves out stretches and key spans the lens does not count", () => {
    const [first, second] = heatmapBlocks(blocks, stretches, key, { kind: "tag", tag: "context" });
    expect(first!.runs.every((run) => run.stretch === null && !run.key)).toBe(true);
    expect(second!.runs[0]!.stretch).toBe(1);
    expect(visibleStretches(stretches, { kind: "tag", tag: "context" })).toEqual([1]);
    expect(stretchInKey(stretches[0]!, key, { kind: "all" })).toBe(true);
    expect(stretchInKey(stretches[1]!, key, { kind: "all" })).toBe(false);
  });

  it("groups who tagged a stretch how, largest group first", () => {
    const groups = labelGroups(
      stretch(0, 5, [
        { participantId: "a", tag: "sourcing", technique: null },
        { participantId: "b", tag: "propaganda", technique: "doubt" },
        { participantId: "c", tag: "propaganda", technique: "doubt" },
      ]),
    );
    expect(groups).toEqual([
      { tag: "propaganda", technique: "doubt", participantIds: ["b", "c"] },
      { tag: "sourcing", technique: null, participantIds: ["a"] },
    ]);
  });
});
