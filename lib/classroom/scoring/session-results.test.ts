import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TAGS } from "@/lib/realtime/doc-schema.ts";
import { sessionResults } from "./session-results.ts";
import type { PRF, Scores, ScoredSpan } from "./types.ts";

const TOLERANCE = 1e-12;

function expectPRF(actual: PRF, expected: { precision: number; recall: number; f1: number }) {
  expect(Math.abs(actual.precision - expected.precision)).toBeLessThan(TOLERANCE);
  expect(Math.abs(actual.recall - expected.recall)).toBeLessThan(TOLERANCE);
  expect(Math.abs(actual.f1 - expected.f1)).toBeLessThan(TOLERANCE);
}

const loaded = (start: number, end: number): ScoredSpan => ({ start, end, tag: "propaganda", technique: "loaded-language" });
const fear = (start: number, end: number): ScoredSpan => ({ start, end, tag: "propaganda", technique: "appeal-to-fear" });
const sourcing = (start: number, end: number): ScoredSpan => ({ start, end, tag: "sourcing", technique: null });
const context = (start: number, end: number): ScoredSpan => ({ start, end, tag: "context", technique: null });

function one(key: ScoredSpan[], spans: ScoredSpan[]) {
  return sessionResults(key, [{ participantId: "p1", name: "Ada", spans }]).participants[0]!;
}

describe("scores against the key (hand-made cases)", () => {
  // Key: loaded language [0,10), sourcing [20,30). Ada: loaded language [5,15), sourcing [20,25), context [40,50).
  const key = [loaded(0, 10), sourcing(20, 30)];
  const ada = [loaded(5, 15), sourcing(20, 25), context(40, 50)];

  it("gives partial credit per tag", () => {
    const result = one(key, ada);
    // propaganda: |[5,15) ∩ [0,10)| = 5. P = 5/10 = 1/2, R = 5/10 = 1/2, F1 = 1/2.
    expectPRF(result.byTag.propaganda, { precision: 1 / 2, recall: 1 / 2, f1: 1 / 2 });
    // sourcing: |[20,25) ∩ [20,30)| = 5. P = 5/5 = 1, R = 5/10 = 1/2, F1 = 2·1·½ / (3/2) = 2/3.
    expectPRF(result.byTag.sourcing, { precision: 1, recall: 1 / 2, f1: 2 / 3 });
    // context: one answer span, no key span. P = 0/1 = 0, R = 0 (no key spans), F1 = 0.
    expectPRF(result.byTag.context, { precision: 0, recall: 0, f1: 0 });
    expect(result.byTag.context).toMatchObject({ answerSpans: 1, keySpans: 0 });
  });

  it("scores overall with label = tag", () => {
    // P = (1/2 + 5/5 + 0) / 3 spans = 1/2; R = (5/10 + 5/10) / 2 key spans = 1/2; F1 = 1/2.
    expectPRF(one(key, ada).overall, { precision: 1 / 2, recall: 1 / 2, f1: 1 / 2 });
  });

  it("sums the credit of every key span one answer span covers", () => {
    // Answer [0,20) against key [0,5) and [10,20): P = (5 + 10)/20 = 3/4; R = (5/5 + 10/10)/2 = 1; F1 = 2·¾·1/(7/4) = 6/7.
    const result = one([loaded(0, 5), loaded(10, 20)], [loaded(0, 20)]);
    expectPRF(result.overall, { precision: 3 / 4, recall: 1, f1: 6 / 7 });
    expectPRF(result.byTechnique["loaded-language"]!, { precision: 3 / 4, recall: 1, f1: 6 / 7 });
  });

  it("merges a student's overlapping same-label spans, so credit is not counted twice", () => {
    // [0,10) and [5,15) merge into [0,15). Against key [0,10): P = 10/15 = 2/3, R = 10/10 = 1, F1 = 2·⅔·1/(5/3) = 4/5.
    // Unmerged, the SemEval sums would give R = (10 + 5)/10 = 3/2 > 1.
    const result = one([loaded(0, 10)], [loaded(0, 10), loaded(5, 15)]);
    expectPRF(result.overall, { precision: 2 / 3, recall: 1, f1: 4 / 5 });
    expect(result.overall).toMatchObject({ answerSpans: 1, keySpans: 1 });
    expect(result.spans).toBe(2);
  });

  it("keeps spans that only touch apart", () => {
    // [0,5) and [5,10) against key [0,10): P = (5/5 + 5/5)/2 = 1, R = (5 + 5)/10 = 1.
    expectPRF(one([loaded(0, 10)], [loaded(0, 5), loaded(5, 10)]).overall, { precision: 1, recall: 1, f1: 1 });
  });

  it("credits a technique only when it matches, and the tag whatever the technique", () => {
    const result = one([loaded(0, 10)], [fear(0, 10), { start: 20, end: 30, tag: "propaganda", technique: null }]);
    // Tag: [0,10) matches fully; [20,30) matches nothing. P = (1 + 0)/2 = 1/2, R = 1, F1 = 2/3.
    expectPRF(result.byTag.propaganda, { precision: 1 / 2, recall: 1, f1: 2 / 3 });
    // loaded-language: no answer span has it. appeal-to-fear: no key span has it. The null technique is in neither.
    expectPRF(result.byTechnique["loaded-language"]!, { precision: 0, recall: 0, f1: 0 });
    expectPRF(result.byTechnique["appeal-to-fear"]!, { precision: 0, recall: 0, f1: 0 });
    expect(Object.keys(result.byTechnique)).toEqual(["appeal-to-fear", "loaded-language"]);
  });

  it("scores a label with nothing to find and nothing found as perfect, and an empty answer as 0", () => {
    const result = one([loaded(0, 10)], []);
    expectPRF(result.byTag.sourcing, { precision: 1, recall: 1, f1: 1 });
    expect(result.byTag.sourcing).toMatchObject({ answerSpans: 0, keySpans: 0 });
    expectPRF(result.overall, { precision: 0, recall: 0, f1: 0 });
  });

  it("pools the class (micro) and averages the students (macro)", () => {
    const results = sessionResults(key, [
      { participantId: "p1", name: "Ada", spans: ada },
      { participantId: "p2", name: "Bo", spans: [] },
    ]);
    // Pooled: P = (3/2 + 0)/(3 + 0) = 1/2; R = (1 + 0)/(2 + 2) = 1/4; F1 = 2·½·¼/(¾) = 1/3.
    expectPRF(results.class.overall, { precision: 1 / 2, recall: 1 / 4, f1: 1 / 3 });
    expect(results.class.overall).toMatchObject({ answerSpans: 3, keySpans: 4 });
    // Macro: P = (1/2 + 0)/2 = 1/4; R = (1/2 + 0)/2 = 1/4; F1 = (1/2 + 0)/2 = 1/4.
    expectPRF(results.class.macro.overall, { precision: 1 / 4, recall: 1 / 4, f1: 1 / 4 });
    // Sourcing, macro: Ada 2/3, Bo 0 → 1/3.
    expect(Math.abs(results.class.macro.byTag.sourcing.f1 - 1 / 3)).toBeLessThan(TOLERANCE);
    expect(results.participants.map((participant) => [participant.participantId, participant.name, participant.spans])).toEqual([
      ["p1", "Ada", 3],
      ["p2", "Bo", 0],
    ]);
  });

  it("scores a class without participants as 0", () => {
    const results = sessionResults(key, []);
    expectPRF(results.class.overall, { precision: 0, recall: 0, f1: 0 });
    expectPRF(results.class.macro.byTag.context, { precision: 0, recall: 0, f1: 0 });
    expect(results.participants).toEqual([]);
  });
});

const TECHNIQUES = ["loaded-language", "appeal-to-fear", "doubt"] as const;

const spanArb = (from: number, to: number) =>
  fc
    .record({
      start: fc.integer({ min: from, max: to - 1 }),
      length: fc.integer({ min: 1, max: 20 }),
      tag: fc.constantFrom(...TAGS),
      technique: fc.constantFrom<string | null>(null, ...TECHNIQUES),
    })
    .map(({ start, length, tag, technique }): ScoredSpan => ({
      start,
      end: Math.min(to, start + length),
      tag,
      technique: tag === "propaganda" ? technique : null,
    }));

const spansArb = (from = 0, to = 100) => fc.array(spanArb(from, to), { maxLength: 12 });

function allPRF(scores: Scores): PRF[] {
  return [scores.overall, ...Object.values(scores.byTag), ...Object.values(scores.byTechnique)];
}

describe("scoring properties", () => {
  it("keeps precision, recall and F1 between 0 and 1", () => {
    fc.assert(
      fc.property(spansArb(), fc.array(spansArb(), { maxLength: 4 }), (key, answers) => {
        const results = sessionResults(
          key,
          answers.map((spans, index) => ({ participantId: `p${index}`, name: `P${index}`, spans })),
        );
        const all = [results.class, results.class.macro, ...results.participants].flatMap((scores) => allPRF(scores));
        for (const prf of all) {
          for (const value of [prf.precision, prf.recall, prf.f1]) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1 + TOLERANCE);
          }
        }
      }),
    );
  });

  it("scores an answer identical to the key as 1 everywhere", () => {
    fc.assert(
      fc.property(spansArb(), (key) => {
        for (const prf of allPRF(one(key, key))) expectPRF(prf, { precision: 1, recall: 1, f1: 1 });
      }),
    );
  });

  it("scores an answer disjoint from a non-empty key as 0 where the key has spans", () => {
    fc.assert(
      fc.property(spansArb(0, 50), spansArb(50, 100), (key, answer) => {
        const result = one(key, answer);
        for (const prf of allPRF(result)) {
          if (prf.keySpans > 0 || prf.answerSpans > 0) expectPRF(prf, { precision: 0, recall: 0, f1: 0 });
        }
      }),
    );
  });

  it("is symmetric: P(S, T) = R(T, S)", () => {
    fc.assert(
      fc.property(spansArb(), spansArb(), (s, t) => {
        const forward = allPRF(one(t, s));
        const backward = allPRF(one(s, t));
        forward.forEach((prf, index) => {
          expect(Math.abs(prf.precision - backward[index]!.recall)).toBeLessThan(TOLERANCE);
          expect(Math.abs(prf.recall - backward[index]!.precision)).toBeLessThan(TOLERANCE);
        });
      }),
    );
  });
});
