import { randomUUID } from "node:crypto";
import type { AnnotationRecord, CommentRecord } from "./doc-schema.ts";

/*
 * Valid records for tests. The default anchor is the quote “tactical” at code point 20 of
 * FIXTURE_TEXT, so offsets, quote and context agree.
 */

export const FIXTURE_TEXT = "Officially, it is a “tactical” withdrawal to avoid urban fighting.";

export function annotationFixture(overrides: Partial<AnnotationRecord> = {}): AnnotationRecord {
  return {
    id: randomUUID(),
    start: 20,
    end: 30,
    exact: "“tactical”",
    prefix: "Officially, it is a ",
    suffix: " withdrawal to avoid urban fight",
    tag: "propaganda",
    technique: "euphemism",
    authorId: randomUUID(),
    authorName: "Awa Traoré",
    createdAt: Date.UTC(2023, 10, 15, 9, 30),
    updatedAt: Date.UTC(2023, 10, 15, 9, 30),
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    ...overrides,
  };
}

export function commentFixture(annotationId: string, overrides: Partial<CommentRecord> = {}): CommentRecord {
  return {
    id: randomUUID(),
    annotationId,
    parentId: null,
    authorId: randomUUID(),
    authorName: "Jean Dupont",
    body: "Who calls it tactical? Only the rebels' statement is quoted.",
    createdAt: Date.UTC(2023, 10, 15, 9, 45),
    updatedAt: Date.UTC(2023, 10, 15, 9, 45),
    deleted: false,
    ...overrides,
  };
}
