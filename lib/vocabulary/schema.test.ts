import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import { DEFAULT_VOCABULARY } from "./default-vocabulary.ts";
import { parseStoredVocabulary, vocabularyInputSchema } from "./schema.ts";

const empty = { propaganda: [], sourcing: [], context: [] };

function refusal(input: unknown): { message: string; field: string | undefined } {
  try {
    parseInput(vocabularyInputSchema, input);
  } catch (error) {
    if (error instanceof AppError) return { message: error.message, field: error.field };
    throw error;
  }
  throw new Error("expected the input to be refused");
}

describe("vocabulary input", () => {
  it("trims names and definitions, and defaults a missing definition to empty", () => {
    const parsed = parseInput(vocabularyInputSchema, { ...empty, context: [{ id: "gap", name: "  Gap ", definition: " Left out. " }, { id: "other", name: "Other" }] });
    expect(parsed.context).toEqual([
      { id: "gap", name: "Gap", definition: "Left out." },
      { id: "other", name: "Other", definition: "" },
    ]);
  });

  it("derives ids for new labels from their names, unique within the tag, without touching given ids", () => {
    const parsed = parseInput(vocabularyInputSchema, {
      ...empty,
      sourcing: [
        { name: "Wire copy" },
        { id: "", name: "Wire copy" },
        { id: "wire-copy-2", name: "Renamed, keeps its id" },
        { name: "Пресс-релиз" },
      ],
      context: [{ name: "Wire copy" }],
    });
    expect(parsed.sourcing.map((label) => label.id)).toEqual(["wire-copy", "wire-copy-3", "wire-copy-2", "label"]);
    expect(parsed.context.map((label) => label.id)).toEqual(["wire-copy"]);
  });

  it("refuses two labels with one id in a tag, naming the second", () => {
    const labels = [{ id: "doubt", name: "Doubt" }, { id: "fear", name: "Fear" }, { id: "doubt", name: "Doubt again" }];
    expect(refusal({ ...empty, propaganda: labels })).toEqual({
      message: "Two Propaganda labels have the id “doubt”; each label needs its own.",
      field: "propaganda.2.id",
    });
  });

  it("refuses ids an annotation could not store", () => {
    expect(refusal({ ...empty, context: [{ id: "Missing Context", name: "x" }] }).field).toBe("context.0.id");
    expect(refusal({ ...empty, context: [{ id: "a".repeat(65), name: "x" }] }).field).toBe("context.0.id");
  });

  it("refuses a blank or over-long name, an over-long definition, and more than 40 labels", () => {
    expect(refusal({ ...empty, sourcing: [{ name: "   " }] })).toEqual({ message: "Give every label a name.", field: "sourcing.0.name" });
    expect(refusal({ ...empty, sourcing: [{ name: "n".repeat(61) }] }).field).toBe("sourcing.0.name");
    expect(refusal({ ...empty, sourcing: [{ name: "n", definition: "d".repeat(201) }] }).field).toBe("sourcing.0.definition");
    const many = Array.from({ length: 41 }, (_, index) => ({ name: `Label ${index}` }));
    expect(refusal({ ...empty, propaganda: many })).toEqual({ message: "Use at most 40 Propaganda labels.", field: "propaganda" });
  });

  it("needs all three tags", () => {
    expect(refusal({ propaganda: [], sourcing: [] }).field).toBe("context");
    expect(refusal(null).message).toMatch(/propaganda, sourcing and context/);
  });
});

describe("stored vocabulary", () => {
  const mine = [{ id: "wire", name: "Wire copy", definition: "" }];

  it("reads a stored vocabulary back as it was saved", () => {
    expect(parseStoredVocabulary({ propaganda: [], sourcing: mine, context: mine })).toEqual({ propaganda: [], sourcing: mine, context: mine });
  });

  it("falls back to the defaults for a tag that is missing or invalid, keeping the valid ones", () => {
    const stored = { sourcing: mine, context: [{ id: "BAD ID", name: "x", definition: "" }] };
    expect(parseStoredVocabulary(stored)).toEqual({ propaganda: DEFAULT_VOCABULARY.propaganda, sourcing: mine, context: DEFAULT_VOCABULARY.context });
  });

  it("gives the defaults for null or a value that is not an object", () => {
    expect(parseStoredVocabulary(null)).toEqual(DEFAULT_VOCABULARY);
    expect(parseStoredVocabulary("propaganda")).toEqual(DEFAULT_VOCABULARY);
  });
});
