import { describe, expect, it } from "vitest";
import { LABEL_ID_PATTERN, slugify, uniqueLabelId } from "./label-id.ts";

describe("slugify", () => {
  it("makes a lower-case, hyphenated id from a label name", () => {
    expect(slugify("Appeal to fear – prejudice")).toBe("appeal-to-fear-prejudice");
    expect(slugify("  Wire copy (AP/Reuters)! ")).toBe("wire-copy-ap-reuters");
  });

  it("keeps accented letters as their base letter", () => {
    expect(slugify("Déjà vu")).toBe("deja-vu");
    expect(slugify("Citação anônima")).toBe("citacao-anonima");
  });

  it("falls back to 'label' when nothing usable is left", () => {
    expect(slugify("Пропаганда")).toBe("label");
    expect(slugify("—")).toBe("label");
  });

  it("stays within 64 characters and never ends on a hyphen", () => {
    const slug = slugify(`${"a".repeat(63)} b`);
    expect(slug).toBe("a".repeat(63));
    expect(slug).toMatch(LABEL_ID_PATTERN);
  });
});

describe("uniqueLabelId", () => {
  it("keeps a free id and numbers a taken one", () => {
    expect(uniqueLabelId("doubt", new Set())).toBe("doubt");
    expect(uniqueLabelId("doubt", new Set(["doubt"]))).toBe("doubt-2");
    expect(uniqueLabelId("doubt", new Set(["doubt", "doubt-2"]))).toBe("doubt-3");
  });

  it("shortens a long id to make room for the number", () => {
    const long = "b".repeat(64);
    const id = uniqueLabelId(long, new Set([long]));
    expect(id).toBe(`${"b".repeat(62)}-2`);
    expect(id).toMatch(LABEL_ID_PATTERN);
  });
});
