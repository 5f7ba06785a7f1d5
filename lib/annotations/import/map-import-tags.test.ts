import { describe, expect, it } from "vitest";
import { DEFAULT_VOCABULARY, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { mapImportTags } from "./map-import-tags.ts";

describe("mapImportTags", () => {
  it("maps tag and sub-label names or ids, whatever their case", () => {
    expect(mapImportTags(["Propaganda", "loaded language"], DEFAULT_VOCABULARY)).toEqual({ tag: "propaganda", technique: "loaded-language" });
    expect(mapImportTags(["sourcing", "anonymous-source"], DEFAULT_VOCABULARY)).toEqual({ tag: "sourcing", technique: "anonymous-source" });
    expect(mapImportTags(["  CONTEXT "], DEFAULT_VOCABULARY)).toEqual({ tag: "context", technique: null });
  });

  it("takes the tag from a sub-label when no tag is named, and ignores labels of another tag", () => {
    expect(mapImportTags(["to check", "Loaded Language"], DEFAULT_VOCABULARY)).toEqual({ tag: "propaganda", technique: "loaded-language" });
    expect(mapImportTags(["context", "loaded-language"], DEFAULT_VOCABULARY)).toEqual({ tag: "context", technique: null });
  });

  it("uses the workspace's own labels", () => {
    const vocabulary: Vocabulary = { ...DEFAULT_VOCABULARY, context: [{ id: "local-history", name: "Local history", definition: "" }] };
    expect(mapImportTags(["local history"], vocabulary)).toEqual({ tag: "context", technique: "local-history" });
  });

  it("is null when nothing matches", () => {
    expect(mapImportTags([], DEFAULT_VOCABULARY)).toBeNull();
    expect(mapImportTags(["my-own-tag"], DEFAULT_VOCABULARY)).toBeNull();
  });
});
