import { describe, expect, it } from "vitest";
import { safeHref } from "./safe-href.ts";

describe("safeHref", () => {
  it("accepts http, https and mailto and normalizes them", () => {
    expect(safeHref("HTTPS://Example.COM")).toBe("https://example.com/");
    expect(safeHref("mailto:a@example.com")).toBe("mailto:a@example.com");
  });

  it("rejects everything else", () => {
    for (const href of ["javascript:alert(1)", " https://a.example", "https://", "https://a b", "https://a.example/\u0000", "ftp://a.example", "mailto:"]) {
      expect(safeHref(href), href).toBeNull();
    }
  });
});
