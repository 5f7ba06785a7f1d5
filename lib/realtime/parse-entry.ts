import * as Y from "yjs";
import type { z } from "zod";
import { annotationSchema, type AnnotationRecord, commentSchema, type CommentRecord } from "./doc-schema.ts";

export type EntryResult<T> = { ok: true; record: T } | { ok: false; reason: string };

/** Keys come from clients: cap what a log line or an error message repeats of them. */
function shortKey(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "is not valid";
  if (issue.code === "unrecognized_keys") {
    return `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map(shortKey).join(", ")}`;
  }
  return issue.message;
}

/** Validates a record's fields, given as a plain object, for the entry stored under `key`. */
function parseFields<T extends { id: string }>(
  kind: string,
  schema: z.ZodType<T>,
  key: string,
  fields: Record<string, unknown>,
): EntryResult<T> {
  const label = `${kind} ${shortKey(key)}`;
  const result = schema.safeParse(fields);
  if (!result.success) return { ok: false, reason: `${label}: ${firstProblem(result.error)}` };
  if (result.data.id !== key) return { ok: false, reason: `${label}: id must equal the entry's key` };
  return { ok: true, record: result.data };
}

/**
 * Fields of a stored entry, taken as stored: a nested Y type where a string belongs then fails
 * validation instead of being flattened by `toJSON`. A plain object stored as a value is not an
 * entry (peers could not edit its fields one by one).
 */
function storedFields(value: unknown): Record<string, unknown> | null {
  return value instanceof Y.Map ? Object.fromEntries((value as Y.Map<unknown>).entries()) : null;
}

/** Validates an annotation's fields before they are written. */
export function parseAnnotationFields(key: string, fields: Record<string, unknown>): EntryResult<AnnotationRecord> {
  return parseFields("annotation", annotationSchema, key, fields);
}

/** Validates a comment's fields before they are written. */
export function parseCommentFields(key: string, fields: Record<string, unknown>): EntryResult<CommentRecord> {
  return parseFields("comment", commentSchema, key, fields);
}

/** Validates the value stored under `key` in the "annotations" root map. */
export function parseAnnotationEntry(key: string, value: unknown): EntryResult<AnnotationRecord> {
  const fields = storedFields(value);
  if (!fields) return { ok: false, reason: `annotation ${shortKey(key)}: must be a nested Y.Map` };
  return parseAnnotationFields(key, fields);
}

/** Validates the value stored under `key` in the "comments" root map. */
export function parseCommentEntry(key: string, value: unknown): EntryResult<CommentRecord> {
  const fields = storedFields(value);
  if (!fields) return { ok: false, reason: `comment ${shortKey(key)}: must be a nested Y.Map` };
  return parseCommentFields(key, fields);
}
