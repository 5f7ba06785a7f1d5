import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path.ts";

describe("safeReturnPath", () => {
  it("keeps paths on this site", () => {
    expect(safeReturnPath("/invite/abc?x=1")).toBe("/invite/abc?x=1");
  });

  it("refuses other sites and odd values", () => {
    for (const value of ["https://evil.example", "//evil.example", "/\\evil.example", "", undefined, 42]) {
      expect(safeReturnPath(value)).toBe("/workspaces");
    }
  });
});
