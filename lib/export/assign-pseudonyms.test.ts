import { describe, expect, it } from "vitest";
import { assignPseudonyms } from "./assign-pseudonyms.ts";

describe("assignPseudonyms", () => {
  it("numbers people by their first contribution, then the rest in the order given", () => {
    const people = assignPseudonyms(
      [
        { userId: "late", at: 30 },
        { userId: "early", at: 10 },
        { userId: "late", at: 5 },
        { userId: "middle", at: 20 },
      ],
      ["mentioned", "early", "exporter"],
    );
    expect(Object.fromEntries([...people].map(([id, person]) => [id, person.name]))).toEqual({
      late: "Reader 1",
      early: "Reader 2",
      middle: "Reader 3",
      mentioned: "Reader 4",
      exporter: "Reader 5",
    });
    expect(people.get("middle")?.id).toBe("reader-3");
  });
});
