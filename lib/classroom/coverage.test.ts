import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TAGS } from "@/lib/realtime/doc-schema.ts";
import { classCoverage, stretchAgreement, type CoverageEntry } from "./coverage.ts";

describe("class coverage", () => {
  // Ada: loaded language [0,10) and again [8,12); Bo: sourcing [5,15); Cy: an empty highlight and one past the text.
  const entries: CoverageEntry[] = [
    { participantId: "ada", start: 0, end: 10, tag: "propaganda", technique: "loaded-language" },
    { participantId: "bo", start: 5, end: 15, tag: "sourcing", technique: "anonymous-source" },
    { participantId: "ada", start: 8, end: 12, tag: "propaganda", technique: "loaded-language" },
    { participantId: "cy", start: 3, end: 3, tag: "context", technique: null },
    { participantId: "cy", start: 18, end: 40, tag: "context", technique: null },
  ];
  const stretches = classCoverage(20, entries);

  it("cuts the text at every boundary and counts distinct participants", () => {
    expect(stretches.map(({ start, end, total, byTag }) => [start, end, total, byTag.propaganda, byTag.sourcing, byTag.context])).toEqual([
      [0, 5, 1, 1, 0, 0],
      [5, 8, 2, 1, 1, 0],
      [8, 10, 2, 1, 1, 0], // Ada's two highlights overlap here: she counts once
      [10, 12, 2, 1, 1, 0],
      [12, 15, 1, 0, 1, 0],
      [18, 20, 1, 0, 0, 1], // clamped to the text; [15,18) is uncovered and left out
    ]);
  });

  it("counts per sub-label and says who marked a stretch how", () => {
    const middle = stretches[2]!;
    expect(middle.byTechnique).toEqual({ "loaded-language": 1, "anonymous-source": 1 });
    expect(middle.participants).toEqual([
      { participantId: "ada", tag: "propaganda", technique: "loaded-language" },
      { participantId: "bo", tag: "sourcing", technique: "anonymous-source" },
    ]);
    expect(stretches[5]!.byTechnique).toEqual({});
  });

  it("measures agreement as the share who chose the most common tag", () => {
    expect(stretchAgreement(stretches[0]!)).toBe(1);
    expect(stretchAgreement(stretches[1]!)).toBe(1 / 2);
    expect(stretchAgreement({ total: 10, byTag: { propaganda: 8, sourcing: 3, context: 0 } })).toBe(8 / 10);
    expect(stretchAgreement({ total: 0, byTag: { propaganda: 0, sourcing: 0, context: 0 } })).toBe(0);
  });

  it("matches a position-by-position count on random classes", () => {
    const entryArb = fc.record({
      participantId: fc.constantFrom("a", "b", "c", "d"),
      start: fc.integer({ min: -2, max: 40 }),
      end: fc.integer({ min: -2, max: 45 }),
      tag: fc.constantFrom(...TAGS),
      technique: fc.constantFrom(null, "x", "y"),
    });
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 15 }), (random) => {
        const textLength = 40;
        const result = classCoverage(textLength, random);
        for (let position = 0; position < textLength; position += 1) {
          const covering = random.filter((entry) => entry.start <= position && position < entry.end);
          const stretch = result.find((candidate) => candidate.start <= position && position < candidate.end);
          const distinct = (list: CoverageEntry[]) => new Set(list.map((entry) => entry.participantId)).size;
          expect(stretch?.total ?? 0).toBe(distinct(covering));
          if (!stretch) continue;
          for (const tag of TAGS) expect(stretch.byTag[tag]).toBe(distinct(covering.filter((entry) => entry.tag === tag)));
          expect(stretch.byTechnique.x ?? 0).toBe(distinct(covering.filter((entry) => entry.technique === "x")));
          expect(stretch.participants).toHaveLength(new Set(covering.map((e) => `${e.participantId}/${e.tag}/${e.technique}`)).size);
          expect(stretchAgreement(stretch)).toBeGreaterThan(0);
          expect(stretchAgreement(stretch)).toBeLessThanOrEqual(1);
        }
        result.forEach((stretch, index) => {
          expect(stretch.end).toBeGreaterThan(stretch.start);
          if (index > 0) expect(stretch.start).toBeGreaterThanOrEqual(result[index - 1]!.end);
        });
      }),
    );
  });
});
