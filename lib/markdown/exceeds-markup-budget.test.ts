import { describe, expect, it } from "vitest";
import { exceedsMarkupBudget, type MarkupBudget } from "./exceeds-markup-budget.ts";

const budget: MarkupBudget = { delimiterRuns: 4, longestDelimiterRun: 8, brackets: 2, backtickRuns: 2, angleBrackets: 2, addressHints: 2, nesting: 3 };

describe("exceedsMarkupBudget", () => {
  it("flags a delimiter run longer than the budget, and lists nested by indentation alone", () => {
    expect(exceedsMarkupBudget("a ******** b", budget)).toBe(false);
    expect(exceedsMarkupBudget("a ********* b", budget)).toBe(true);
    expect(exceedsMarkupBudget("- a\n  - b\n    - c", budget)).toBe(false);
    expect(exceedsMarkupBudget(`- a\n${" ".repeat(13)}- b`, budget)).toBe(true);
  });

  it("lets ordinary writing through", () => {
    expect(exceedsMarkupBudget("A **bold** [link](https://a.example) and `code`,\n> > quoted twice", budget)).toBe(false);
    // A run of one character counts once, however long: "a___b" is one run, "snake_case_name" two.
    expect(exceedsMarkupBudget("snake_case_name and a___b", { ...budget, delimiterRuns: 3 })).toBe(false);
  });

  it("turns away text with more of any kind of markup than the budget allows", () => {
    expect(exceedsMarkupBudget("*_*_*", budget)).toBe(true);
    expect(exceedsMarkupBudget("[[[", budget)).toBe(true);
    expect(exceedsMarkupBudget("` `` ```", budget)).toBe(true);
    expect(exceedsMarkupBudget("<<<", budget)).toBe(true);
    expect(exceedsMarkupBudget("a@b.c https://d www.e", budget)).toBe(true);
    expect(exceedsMarkupBudget("intro\n> > - > deep", budget)).toBe(true);
    expect(exceedsMarkupBudget("1. 2) - + deep", budget)).toBe(true);
  });

  it("counts only the markers that open a line as nesting", () => {
    expect(exceedsMarkupBudget("a > b > c > d > e", budget)).toBe(false);
  });
});
