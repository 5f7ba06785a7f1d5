import { describe, expect, it } from "vitest";
import type { ExportComment } from "./export-model.ts";
import { threadLines } from "./thread-lines.ts";

const person = { id: "u", name: "Ann" };
const comment = (id: string, parentId: string | null, minute: number): ExportComment => ({
  id,
  parentId,
  author: { ...person, name: id },
  body: id,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
  updatedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
});

describe("threadLines", () => {
  it("puts each reply under the comment it answers, oldest first at every level", () => {
    const lines = threadLines([comment("a", null, 0), comment("b", null, 1), comment("a2", "a", 5), comment("a1", "a", 2), comment("a1x", "a1", 3)]);
    expect(lines.map((l) => [l.comment.id, l.depth, l.replyTo?.id ?? null])).toEqual([
      ["a", 0, null],
      ["a1", 1, "a"],
      ["a1x", 2, "a1"],
      ["a2", 1, "a"],
      ["b", 0, null],
    ]);
  });

  it("keeps a reply whose parent was deleted, at the first level", () => {
    const lines = threadLines([comment("orphan", "deleted", 1), comment("a", null, 0)]);
    expect(lines.map((l) => [l.comment.id, l.depth])).toEqual([
      ["a", 0],
      ["orphan", 0],
    ]);
  });

  it("prints every comment once even when parents form a cycle", () => {
    const lines = threadLines([comment("x", "y", 0), comment("y", "x", 1)]);
    expect(lines.map((l) => l.comment.id).sort()).toEqual(["x", "y"]);
  });
});
