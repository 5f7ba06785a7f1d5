import { describe, expect, it } from "vitest";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import { summarizeClassView } from "./class-view-summary.ts";

function highlight(id: string, authorId: string, start: number, tag: AnnotationRecord["tag"], createdAt: number): AnnotationRecord {
  return {
    id,
    start,
    end: start + 3,
    exact: "abc",
    prefix: "",
    suffix: "",
    tag,
    technique: null,
    authorId,
    authorName: authorId === "key" ? "Answer key" : `Name ${authorId}`,
    createdAt,
    updatedAt: createdAt,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
  };
}

function comment(id: string, annotationId: string, authorId: string, createdAt: number, deleted = false): CommentRecord {
  return { id, annotationId, parentId: null, authorId, authorName: `Name ${authorId}`, body: deleted ? "" : "Why?", createdAt, updatedAt: createdAt, deleted };
}

describe("summarizeClassView", () => {
  const annotations = [
    highlight("a1", "p1", 0, "propaganda", 10),
    highlight("a2", "p1", 5, "sourcing", 30),
    highlight("a3", "p2", 0, "propaganda", 20),
    highlight("k1", "key", 0, "propaganda", 1),
  ];
  const comments = [comment("c1", "a1", "p2", 40), comment("c2", "a1", "p1", 50, true)];
  const summary = summarizeClassView(annotations, comments);

  it("separates the key from the students' highlights", () => {
    expect(summary.key).toEqual([{ start: 0, end: 3, tag: "propaganda", technique: null }]);
    expect(summary.entries.map((entry) => entry.participantId)).toEqual(["p1", "p1", "p2"]);
  });

  it("counts each student's highlights per tag", () => {
    expect(summary.counts.get("p1")).toEqual({ propaganda: 1, sourcing: 1, context: 0 });
    expect(summary.counts.get("p2")).toEqual({ propaganda: 1, sourcing: 0, context: 0 });
    expect(summary.counts.has("key")).toBe(false);
  });

  it("lists highlights and live comments newest first, without the key", () => {
    expect(summary.feed.map((item) => item.id)).toEqual(["c1", "a2", "a3", "a1"]);
    expect(summary.feed[0]).toMatchObject({ kind: "comment", quote: "abc" });
  });
});
