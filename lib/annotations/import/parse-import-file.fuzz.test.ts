import fs from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors.ts";
import { readCorpus } from "@/test/fuzz/corpus.ts";
import { countCase, fuzzMode, fuzzParameters, printCasesRun } from "@/test/fuzz/fuzz-settings.ts";
import { deepJson, describedAs, edgeJson, edgeNumber, edgeString, mutatedJson, nested, nestedJsonText, PROTOTYPE_KEYS, withOwnKey } from "@/test/fuzz/json-arbitraries.ts";
import { parseImportFile } from "./parse-import-file.ts";

/** Per case: parsing a file of a few MB takes milliseconds; seconds would be a denial of service. */
const TIME_BOUND_MS = 2_000;

const w3cFile = JSON.parse(fs.readFileSync("test/fixtures/import/w3c-kidal.jsonld", "utf8")) as unknown;
const hypothesisFile = JSON.parse(fs.readFileSync("test/fixtures/import/hypothesis-kidal.json", "utf8")) as unknown;

/**
 * The only acceptable outcomes: a parsed import, or AppError BAD_REQUEST with a message for
 * people. A TypeError, a RangeError (stack overflow) or a slow answer is a bug.
 */
function expectCleanOutcome(value: unknown, target: string) {
  countCase(target);
  const started = performance.now();
  try {
    const parsed = parseImportFile(value);
    expect(["w3c", "hypothesis"]).toContain(parsed.format);
    for (const item of parsed.items) expect(typeof item.exact).toBe("string");
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
}

const oneOrList = <T>(item: fc.Arbitrary<T>) => fc.oneof(item, fc.array(item, { maxLength: 3 }));
const loose = fc.oneof({ weight: 3, arbitrary: edgeString }, { weight: 1, arbitrary: edgeJson });

const selector = fc.record(
  {
    type: fc.oneof(fc.constantFrom("TextQuoteSelector", "TextPositionSelector", "CssSelector"), loose),
    exact: loose,
    prefix: loose,
    suffix: loose,
    start: fc.oneof(edgeNumber, loose),
    end: fc.oneof(edgeNumber, loose),
  },
  { requiredKeys: [] },
);

const w3cAnnotation = fc.record(
  {
    "@context": fc.oneof(fc.constant("http://www.w3.org/ns/anno.jsonld"), loose),
    id: loose,
    type: oneOrList(fc.oneof(fc.constant("Annotation"), loose)),
    motivation: oneOrList(fc.oneof(fc.constantFrom("highlighting", "commenting", "replying", "tagging"), loose)),
    creator: fc.oneof(loose, fc.record({ id: loose, name: loose, nickname: loose }, { requiredKeys: [] })),
    created: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), loose),
    body: oneOrList(fc.oneof(loose, fc.record({ type: loose, purpose: loose, value: loose, creator: loose }, { requiredKeys: [] }))),
    target: oneOrList(fc.oneof(loose, fc.record({ id: loose, source: loose, selector: oneOrList(selector) }, { requiredKeys: [] }))),
  },
  { requiredKeys: ["type"] },
);

const w3cContainer = fc.oneof(
  w3cAnnotation,
  fc.array(w3cAnnotation, { maxLength: 4 }),
  fc.record({ type: fc.constant("AnnotationPage"), items: fc.array(w3cAnnotation, { maxLength: 4 }), next: fc.option(loose) }),
  fc.record({ type: fc.constant("AnnotationCollection"), first: fc.oneof(loose, fc.record({ items: fc.array(w3cAnnotation, { maxLength: 4 }) })) }),
);

const hypothesisRow = fc.record(
  {
    id: loose,
    created: loose,
    updated: loose,
    user: fc.oneof(fc.constant("acct:ada@hypothes.is"), loose),
    user_info: fc.oneof(loose, fc.record({ display_name: loose })),
    text: loose,
    tags: fc.oneof(loose, fc.array(loose, { maxLength: 3 })),
    target: fc.oneof(loose, fc.array(fc.record({ source: loose, selector: fc.array(selector, { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 })),
    references: fc.oneof(loose, fc.array(loose, { maxLength: 3 })),
  },
  { requiredKeys: [] },
);

const hypothesisFileArb = fc.oneof(
  fc.record({ total: edgeNumber, rows: fc.oneof(loose, fc.array(hypothesisRow, { maxLength: 4 })) }),
  fc.record({ export_date: loose, annotations: fc.oneof(loose, fc.array(hypothesisRow, { maxLength: 4 })) }),
);

/** Containers chained through `next` or nested lists, deeper than any export: recursion in the parser shows here. */
const deepW3c = fc.tuple(fc.integer({ min: 1_000, max: 30_000 }), fc.constantFrom("next", "list", "first")).map(([depth, kind]) => {
  let value: unknown = { type: "AnnotationPage", items: [] };
  for (let level = 0; level < depth; level++) {
    if (kind === "next") value = { type: "AnnotationPage", items: [], next: value };
    else if (kind === "first") value = { type: "AnnotationCollection", first: { items: [], next: value } };
    else value = [value];
  }
  return describedAs(value, `<${kind} chain ${depth} deep>`);
});

/** The default 5 s is too short on a loaded CI machine, and long mode runs 50 times as many cases. */
const TEST_TIMEOUT_MS = 60_000 * fuzzMode.factor;

describe("annotation import files under fuzzing (W3C JSON-LD and Hypothesis)", () => {
  afterAll(() => printCasesRun("parse-import-file"));

  it("answers every corpus file with an import or a BAD_REQUEST", () => {
    for (const entry of readCorpus("annotation-import")) expectCleanOutcome(JSON.parse(entry.bytes.toString("utf8")), "annotation-import corpus");
  }, TEST_TIMEOUT_MS);

  it("answers arbitrary JSON and deeply nested JSON with an import or a BAD_REQUEST", () => {
    fc.assert(fc.property(fc.oneof(edgeJson, deepJson), (value) => expectCleanOutcome(value, "annotation-import random json")), fuzzParameters(60));
  }, TEST_TIMEOUT_MS);

  it("answers structure-aware W3C and Hypothesis files with an import or a BAD_REQUEST", () => {
    fc.assert(fc.property(fc.oneof(w3cContainer, hypothesisFileArb), (value) => expectCleanOutcome(value, "annotation-import structured")), fuzzParameters(120));
  }, TEST_TIMEOUT_MS);

  it("answers mutated real exports (one field replaced, deep or odd) with an import or a BAD_REQUEST", () => {
    fc.assert(fc.property(fc.oneof(mutatedJson(w3cFile), mutatedJson(hypothesisFile)), (value) => expectCleanOutcome(value, "annotation-import mutated")), fuzzParameters(120));
  }, TEST_TIMEOUT_MS);

  it("answers pages, collections and lists nested thousands deep without overflowing the stack", () => {
    fc.assert(fc.property(deepW3c, (value) => expectCleanOutcome(value, "annotation-import deep")), fuzzParameters(10));
    expectCleanOutcome(JSON.parse(nestedJsonText(100_000, "array")), "annotation-import deep");
    expectCleanOutcome(nested(100_000, "array", { type: "Annotation" }), "annotation-import deep");
  }, TEST_TIMEOUT_MS);

  it("answers prototype keys (__proto__, constructor) as plain data", () => {
    const key = fc.constantFrom(...PROTOTYPE_KEYS);
    fc.assert(
      fc.property(fc.constantFrom(w3cFile, hypothesisFile), key, edgeJson, (file, name, inner) => {
        expectCleanOutcome(withOwnKey(file as Record<string, unknown>, name, inner), "annotation-import prototype keys");
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      fuzzParameters(30),
    );
  }, TEST_TIMEOUT_MS);
});
