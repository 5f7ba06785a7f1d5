import { describe, expect, it } from "vitest";
import { findAll, findNext } from "./find-in-text.ts";

const TEXT = "Officially, it is a “tactical” withdrawal. 👍 The “Tactical” withdrawal — again.";

describe("find in text", () => {
  it("matches plain quotes against typographic ones, ignoring case, in code points", () => {
    expect(findAll(TEXT, '"tactical" withdrawal')).toEqual([
      { start: 20, end: 41 },
      { start: 49, end: 70 },
    ]);
    expect(findAll(TEXT, "withdrawal - again")).toEqual([{ start: 60, end: 78 }]);
    expect(findAll(TEXT, "   ")).toEqual([]);
  });

  it("finds the next match after a position and wraps around", () => {
    expect(findNext(TEXT, "tactical", 0)).toMatchObject({ start: 21, index: 0, count: 2 });
    expect(findNext(TEXT, "tactical", 22)).toMatchObject({ start: 50, index: 1 });
    expect(findNext(TEXT, "tactical", 60)).toMatchObject({ start: 21, index: 0 });
    expect(findNext(TEXT, "absent", 0)).toBeNull();
  });
});
