import { describe, expect, it } from "vitest";
import { markupNestsDeeperThan } from "./markup-depth.ts";

describe("markupNestsDeeperThan", () => {
  it("measures nesting of ordinary elements", () => {
    expect(markupNestsDeeperThan("<div><section><p>Hi</p></section></div>", 2)).toBe(false);
    expect(markupNestsDeeperThan("<div><section><article>Hi</article></section></div>", 2)).toBe(true);
  });

  it("does not count void, self-closed and implicitly closed elements", () => {
    const sloppy = "<div>" + "<p>unclosed paragraph <br><img src=x><input/>".repeat(5_000) + "</div>";
    expect(markupNestsDeeperThan(sloppy, 10)).toBe(false);
  });

  it("counts the rows and cells a nested table or list brings with it", () => {
    expect(markupNestsDeeperThan("<table><tr><td>".repeat(300), 1_000)).toBe(true);
    expect(markupNestsDeeperThan("<ul><li>".repeat(600), 1_000)).toBe(true);
    expect(markupNestsDeeperThan("<table><tr><td>a<td>b</table>".repeat(1_000), 10)).toBe(false);
  });

  it("flags a deeply nested page quickly", () => {
    const deep = "<div>".repeat(100_000);
    const started = performance.now();
    expect(markupNestsDeeperThan(deep, 1_000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
