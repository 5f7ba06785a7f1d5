import { z } from "zod";
import { codePointLength } from "@/lib/annotations/code-points.ts";

/**
 * The Yjs document of one annotation room, schema version 1. Everything a client may write is
 * defined here once: the server validates client updates against these schemas
 * (`doc-guard.ts`), readers skip entries that fail them, and `docs/realtime-schema.md`
 * describes the same rules for client authors.
 */
export const SCHEMA_VERSION = 1;

/** The only root types a room document has, all `Y.Map`s. */
export const ROOT_NAMES = ["meta", "annotations", "comments"] as const;

export type RootName = (typeof ROOT_NAMES)[number];

export const TAGS = ["propaganda", "sourcing", "context"] as const;

export type Tag = (typeof TAGS)[number];

/** Limits on string fields, in UTF-16 code units (JavaScript string length). */
export const MAX_EXACT_LENGTH = 5_000;
export const MAX_CONTEXT_LENGTH = 64;
export const MAX_TECHNIQUE_LENGTH = 64;
export const MAX_AUTHOR_ID_LENGTH = 128;
export const MAX_AUTHOR_NAME_LENGTH = 80;
export const MAX_COMMENT_LENGTH = 10_000;

/** How much text around a quote `prefix` and `suffix` keep, in code points (≤ 64 UTF-16 units). */
export const QUOTE_CONTEXT_CODE_POINTS = 32;

/**
 * zod error options for one field, so that a refusal reads "tag must be one of …" or
 * "start is missing" and names the field without the caller mapping zod's issue codes.
 */
function fieldError(name: string, rule: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? `${name} is missing` : `${name} must be ${rule}`),
  };
}

const uuid = (name: string) => z.uuid(fieldError(name, "a UUID"));

const timestamp = (name: string) => {
  const error = fieldError(name, "a whole number of milliseconds since 1970");
  return z.int(error).min(0, error);
};

const offset = (name: string) => {
  const error = fieldError(name, "a whole number ≥ 0 (code points into the article text)");
  return z.int(error).min(0, error);
};

const boundedString = (name: string, min: number, max: number, rule: string) => {
  const error = fieldError(name, rule);
  return z.string(error).min(min, error).max(max, error);
};

const authorId = (name: string) => boundedString(name, 1, MAX_AUTHOR_ID_LENGTH, `a user id of 1–${MAX_AUTHOR_ID_LENGTH} characters`);

const authorName = boundedString("authorName", 1, MAX_AUTHOR_NAME_LENGTH, `1–${MAX_AUTHOR_NAME_LENGTH} characters`);

/** One highlight: its anchor in the canonical body text, its tag, and who made and resolved it. */
export const annotationSchema = z
  .strictObject({
    id: uuid("id"),
    start: offset("start"),
    end: offset("end"),
    exact: boundedString("exact", 1, MAX_EXACT_LENGTH, `the quoted text, 1–${MAX_EXACT_LENGTH} characters`),
    prefix: boundedString("prefix", 0, MAX_CONTEXT_LENGTH, `a string of at most ${MAX_CONTEXT_LENGTH} characters`),
    suffix: boundedString("suffix", 0, MAX_CONTEXT_LENGTH, `a string of at most ${MAX_CONTEXT_LENGTH} characters`),
    tag: z.enum(TAGS, fieldError("tag", `one of ${TAGS.join(", ")}`)),
    technique: boundedString(
      "technique",
      1,
      MAX_TECHNIQUE_LENGTH,
      `a technique id of 1–${MAX_TECHNIQUE_LENGTH} characters, or null`,
    ).nullable(),
    authorId: authorId("authorId"),
    authorName,
    createdAt: timestamp("createdAt"),
    updatedAt: timestamp("updatedAt"),
    resolved: z.boolean(fieldError("resolved", "true or false")),
    resolvedBy: authorId("resolvedBy").nullable(),
    resolvedAt: timestamp("resolvedAt").nullable(),
  })
  .refine((record) => record.end > record.start, { error: "end must be greater than start", path: ["end"] })
  // Catches clients that count UTF-16 units instead of code points: the quote would not fit.
  .refine((record) => record.end <= record.start || codePointLength(record.exact) === record.end - record.start, {
    error: "exact must be the end − start code points of text the annotation covers",
    path: ["exact"],
  })
  .refine((record) => record.resolved === (record.resolvedBy !== null) && record.resolved === (record.resolvedAt !== null), {
    error: "resolvedBy and resolvedAt must be set when resolved is true and null when it is false",
    path: ["resolved"],
  });

export type AnnotationRecord = z.output<typeof annotationSchema>;

/** One comment in an annotation's thread. Deleting keeps the entry (and the thread's shape). */
export const commentSchema = z
  .strictObject({
    id: uuid("id"),
    annotationId: uuid("annotationId"),
    parentId: uuid("parentId").nullable(),
    authorId: authorId("authorId"),
    authorName,
    body: boundedString("body", 0, MAX_COMMENT_LENGTH, `a string of at most ${MAX_COMMENT_LENGTH} characters`),
    createdAt: timestamp("createdAt"),
    updatedAt: timestamp("updatedAt"),
    deleted: z.boolean(fieldError("deleted", "true or false")),
  })
  .refine((record) => record.deleted || record.body.length > 0, {
    error: "body must not be empty (delete the comment instead)",
    path: ["body"],
  })
  .refine((record) => !record.deleted || record.body === "", {
    error: "body must be empty once the comment is deleted",
    path: ["body"],
  })
  .refine((record) => record.parentId !== record.id, { error: "parentId must not be the comment itself", path: ["parentId"] });

export type CommentRecord = z.output<typeof commentSchema>;
