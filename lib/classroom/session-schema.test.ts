import { describe, expect, it } from "vitest";
import { createSessionSchema, displayNameSchema } from "./session-schema.ts";

describe("display names", () => {
  it("are trimmed, with inner runs of spaces folded", () => {
    expect(displayNameSchema.parse("  Ada   Lovelace ")).toBe("Ada Lovelace");
    // A pasted line break or tab is whitespace like any other, not a reason to refuse.
    expect(displayNameSchema.parse("Ada\n\tBo")).toBe("Ada Bo");
  });

  it("count characters, not UTF-16 units, up to 40", () => {
    expect(displayNameSchema.safeParse("😀".repeat(40)).success).toBe(true);
    expect(displayNameSchema.safeParse("😀".repeat(41)).success).toBe(false);
  });

  it("refuse empty names, control characters and direction overrides", () => {
    for (const name of ["", "   ", "Ada\u0000", "Ada\u0007", "\u202eadA"]) expect(displayNameSchema.safeParse(name).success, JSON.stringify(name)).toBe(false);
  });
});

describe("session options", () => {
  it("default to one class, named, without the example key", () => {
    expect(createSessionSchema.parse({ mode: "blind" })).toEqual({ mode: "blind", anonymous: false, groups: 0, useExampleKey: false });
  });

  it("take 0 or 2 to 12 groups", () => {
    for (const groups of [0, 2, 12]) expect(createSessionSchema.safeParse({ mode: "open", groups }).success).toBe(true);
    for (const groups of [1, 13, -1, 2.5]) expect(createSessionSchema.safeParse({ mode: "open", groups }).success, String(groups)).toBe(false);
  });

  it("refuse unknown fields and modes", () => {
    expect(createSessionSchema.safeParse({ mode: "secret" }).success).toBe(false);
    expect(createSessionSchema.safeParse({ mode: "open", teacher: "me" }).success).toBe(false);
  });
});
