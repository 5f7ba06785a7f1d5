import { describe, expect, it } from "vitest";
import { annotationSchema, TAGS } from "@/lib/realtime/doc-schema.ts";
import { DEFAULT_VOCABULARY, labelName, TAG_INFO } from "./default-vocabulary.ts";
import { LABEL_ID_PATTERN } from "./label-id.ts";

describe("default vocabulary", () => {
  it("has the 18 techniques of the Propaganda Techniques Corpus, in its order, once each", () => {
    const ids = DEFAULT_VOCABULARY.propaganda.map((label) => label.id);
    expect(ids).toEqual([
      "loaded-language",
      "name-calling",
      "repetition",
      "exaggeration-minimization",
      "doubt",
      "appeal-to-fear",
      "flag-waving",
      "causal-oversimplification",
      "slogans",
      "appeal-to-authority",
      "black-and-white",
      "thought-terminating-cliche",
      "whataboutism",
      "reductio-ad-hitlerum",
      "red-herring",
      "bandwagon",
      "obfuscation",
      "straw-man",
    ]);
    expect(new Set(ids).size).toBe(18);
  });

  it("uses the corpus's names for the techniques", () => {
    expect(labelName(DEFAULT_VOCABULARY, "propaganda", "name-calling")).toBe("Name Calling, Labeling");
    expect(labelName(DEFAULT_VOCABULARY, "propaganda", "obfuscation")).toBe("Obfuscation, Intentional Vagueness, Confusion");
    expect(labelName(DEFAULT_VOCABULARY, "propaganda", "straw-man")).toBe("Straw Men");
  });

  for (const tag of TAGS) {
    it(`gives every ${tag} label a valid, unique id, a name and a one-line definition`, () => {
      const labels = DEFAULT_VOCABULARY[tag];
      expect(labels.length).toBeGreaterThan(0);
      expect(new Set(labels.map((label) => label.id)).size).toBe(labels.length);
      for (const label of labels) {
        expect(label.id).toMatch(LABEL_ID_PATTERN);
        expect(label.name.trim()).not.toBe("");
        expect(label.definition.trim(), label.id).not.toBe("");
        expect(label.definition.length, label.id).toBeLessThanOrEqual(140);
        expect(label.definition, label.id).not.toContain("\n");
      }
    });
  }

  it("has default ids that an annotation accepts as its technique", () => {
    const ids = TAGS.flatMap((tag) => DEFAULT_VOCABULARY[tag].map((label) => label.id));
    const techniqueSchema = annotationSchema.shape.technique;
    for (const id of ids) expect(techniqueSchema.safeParse(id).success, id).toBe(true);
  });

  it("gives each tag a name, a distinct shortcut key and a description", () => {
    expect(TAGS.map((tag) => [TAG_INFO[tag].name, TAG_INFO[tag].key])).toEqual([
      ["Propaganda", "1"],
      ["Sourcing", "2"],
      ["Context", "3"],
    ]);
    for (const tag of TAGS) expect(TAG_INFO[tag].description).not.toBe("");
  });
});

describe("labelName", () => {
  const vocabulary = { ...DEFAULT_VOCABULARY, sourcing: [{ id: "wire", name: "Wire copy", definition: "" }] };

  it("names a label by its current name", () => {
    expect(labelName(vocabulary, "sourcing", "wire")).toBe("Wire copy");
  });

  it("humanizes the id of a label removed since the highlight was made", () => {
    expect(labelName(vocabulary, "sourcing", "anonymous-source")).toBe("Anonymous source");
    expect(labelName(DEFAULT_VOCABULARY, "propaganda", "cherry--picking-")).toBe("Cherry picking");
  });

  it("looks the id up in the highlight's own tag only", () => {
    expect(labelName(vocabulary, "context", "wire")).toBe("Wire");
  });

  it("answers null for a highlight without a label", () => {
    expect(labelName(vocabulary, "propaganda", null)).toBeNull();
  });
});
