import { describe, expect, it } from "vitest";
import { annotationSchema, commentSchema, ROOT_NAMES, SCHEMA_VERSION, TAGS } from "./doc-schema.ts";
import { annotationFixture, commentFixture } from "./record-fixtures.ts";

function firstMessage(result: { success: boolean; error?: { issues: { message: string }[] } }): string | undefined {
  return result.error?.issues[0]?.message;
}

describe("doc schema v1", () => {
  it("names its roots, version and tags", () => {
    expect(ROOT_NAMES).toEqual(["meta", "annotations", "comments"]);
    expect(SCHEMA_VERSION).toBe(1);
    expect(TAGS).toEqual(["propaganda", "sourcing", "context"]);
  });

  it("accepts the fixtures, resolved annotations and deleted comments", () => {
    const annotation = annotationFixture();
    expect(annotationSchema.parse(annotation)).toEqual(annotation);
    expect(annotationSchema.safeParse(annotationFixture({ resolved: true, resolvedBy: "u1", resolvedAt: 1 })).success).toBe(true);
    expect(annotationSchema.safeParse(annotationFixture({ technique: null, prefix: "", suffix: "" })).success).toBe(true);
    expect(commentSchema.safeParse(commentFixture(annotation.id, { deleted: true, body: "" })).success).toBe(true);
  });

  it("names the field in every refusal", () => {
    const cases: [unknown, string][] = [
      [{ ...annotationFixture(), tag: "opinion" }, "tag must be one of propaganda, sourcing, context"],
      [{ ...annotationFixture(), id: "not-a-uuid" }, "id must be a UUID"],
      [{ ...annotationFixture(), start: 1.5 }, "start must be a whole number ≥ 0 (code points into the article text)"],
      [{ ...annotationFixture(), start: -1 }, "start must be a whole number ≥ 0 (code points into the article text)"],
      [{ ...annotationFixture(), start: 30, end: 20 }, "end must be greater than start"],
      [{ ...annotationFixture(), exact: "" }, "exact must be the quoted text, 1–5000 characters"],
      [{ ...annotationFixture(), prefix: "x".repeat(65) }, "prefix must be a string of at most 64 characters"],
      [{ ...annotationFixture(), technique: "" }, "technique must be a technique id of 1–64 characters, or null"],
      [{ ...annotationFixture(), authorName: "x".repeat(81) }, "authorName must be 1–80 characters"],
      [{ ...annotationFixture(), createdAt: "2023-11-15" }, "createdAt must be a whole number of milliseconds since 1970"],
      [{ ...annotationFixture(), resolved: true }, "resolvedBy and resolvedAt must be set when resolved is true and null when it is false"],
      [{ ...annotationFixture(), end: 31 }, "exact must be the end − start code points of text the annotation covers"],
    ];
    for (const [input, message] of cases) expect(firstMessage(annotationSchema.safeParse(input))).toBe(message);

    const withoutTag: Record<string, unknown> = { ...annotationFixture() };
    delete withoutTag.tag;
    expect(firstMessage(annotationSchema.safeParse(withoutTag))).toBe("tag is missing");
    expect(annotationSchema.safeParse({ ...annotationFixture(), colour: "red" }).error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  it("keeps deleted comments empty and live comments non-empty", () => {
    const annotationId = annotationFixture().id;
    expect(firstMessage(commentSchema.safeParse(commentFixture(annotationId, { body: "" })))).toBe(
      "body must not be empty (delete the comment instead)",
    );
    expect(firstMessage(commentSchema.safeParse(commentFixture(annotationId, { deleted: true })))).toBe(
      "body must be empty once the comment is deleted",
    );
    expect(firstMessage(commentSchema.safeParse(commentFixture(annotationId, { body: "x".repeat(10_001) })))).toBe(
      "body must be a string of at most 10000 characters",
    );
    const comment = commentFixture(annotationId);
    expect(firstMessage(commentSchema.safeParse({ ...comment, parentId: comment.id }))).toBe(
      "parentId must not be the comment itself",
    );
  });
});
