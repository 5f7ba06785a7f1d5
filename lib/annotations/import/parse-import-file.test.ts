import { describe, expect, it } from "vitest";
import { importFixture } from "@/test/fixtures/import/fixtures.ts";
import { parseImportFile } from "./parse-import-file.ts";

describe("parseImportFile", () => {
  it("tells Hypothesis files from W3C JSON-LD", () => {
    expect(parseImportFile(importFixture("hypothesis-kidal.json")).format).toBe("hypothesis");
    expect(parseImportFile({ rows: [] }).format).toBe("hypothesis");
    expect(parseImportFile(importFixture("w3c-kidal.jsonld")).format).toBe("w3c");
    expect(parseImportFile([]).format).toBe("w3c");
  });

  it("refuses what is neither", () => {
    expect(() => parseImportFile("annotations")).toThrow(/JSON object or list/);
    expect(() => parseImportFile({ annotations: [] })).toThrow(/not a W3C Web Annotation/);
  });
});
