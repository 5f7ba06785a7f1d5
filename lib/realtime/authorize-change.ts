import { can, type Role } from "@/lib/workspaces/policy.ts";
import type { AnnotationRecord, CommentRecord } from "./doc-schema.ts";

/** One annotation or comment as an update leaves it (`after` null: deleted; `before` null: new). */
export type EntryChange =
  | { kind: "annotation"; id: string; before: AnnotationRecord | null; after: AnnotationRecord | null }
  | { kind: "comment"; id: string; before: CommentRecord | null; after: CommentRecord | null; annotationDeleted: boolean };

/** Who is writing, as the server established it at the upgrade. */
export type Writer = { userId: string; userName: string; role: Role };

const ANNOTATION_RESOLUTION_FIELDS = new Set(["resolved", "resolvedBy", "resolvedAt", "updatedAt"]);
const ANNOTATION_FIXED_FIELDS = ["id", "authorId", "authorName", "createdAt"] as const;
const COMMENT_FIXED_FIELDS = ["id", "annotationId", "parentId", "authorId", "authorName", "createdAt"] as const;

function changedFields<T extends object>(before: T, after: T): string[] {
  return (Object.keys(after) as (keyof T)[]).filter((key) => before[key] !== after[key]).map(String);
}

const canAnnotate = (writer: Writer) => can(writer.role, "annotation.create");
const canComment = (writer: Writer) => can(writer.role, "comment.create");
const canModerate = (writer: Writer) => can(writer.role, "annotations.moderate");

/** Who may delete a highlight (with its thread): its author while they may highlight, or a moderator. The REST API asks too. */
export function mayDeleteAnnotation(role: Role, authorId: string, userId: string): boolean {
  return can(role, "annotations.moderate") || (can(role, "annotation.create") && authorId === userId);
}

function authorizeAnnotation(change: Extract<EntryChange, { kind: "annotation" }>, writer: Writer): string | null {
  const { before, after, id } = change;
  const label = `annotation ${id}`;
  if (!before && after) {
    if (!canAnnotate(writer)) return `${label}: your role does not allow highlighting`;
    if (after.authorId !== writer.userId || after.authorName !== writer.userName) return `${label}: authorId and authorName must be yours`;
    return null;
  }
  if (before && !after) {
    if (mayDeleteAnnotation(writer.role, before.authorId, writer.userId)) return null;
    return `${label}: only its author or a workspace owner may delete it`;
  }
  if (!before || !after) return null;
  const fields = changedFields(before, after);
  const fixed = ANNOTATION_FIXED_FIELDS.find((field) => fields.includes(field));
  if (fixed) return `${label}: ${fixed} cannot be changed`;
  if (fields.every((field) => ANNOTATION_RESOLUTION_FIELDS.has(field))) {
    if (!canComment(writer)) return `${label}: your role does not allow resolving threads`;
    if (after.resolved && after.resolvedBy !== writer.userId && before.resolvedBy !== after.resolvedBy) return `${label}: resolvedBy must be you`;
    return null;
  }
  if (canModerate(writer) || (canAnnotate(writer) && before.authorId === writer.userId)) return null;
  return `${label}: only its author or a workspace owner may change it`;
}

function authorizeComment(change: Extract<EntryChange, { kind: "comment" }>, writer: Writer): string | null {
  const { before, after, id } = change;
  const label = `comment ${id}`;
  if (!canComment(writer)) return `${label}: your role does not allow commenting`;
  if (!before && after) {
    if (after.authorId !== writer.userId || after.authorName !== writer.userName) return `${label}: authorId and authorName must be yours`;
    return null;
  }
  if (before && !after) {
    // Removing a comment outright happens with its annotation; otherwise comments are marked deleted.
    if (change.annotationDeleted || canModerate(writer)) return null;
    return `${label}: comments are marked deleted, not removed`;
  }
  if (!before || !after) return null;
  const fields = changedFields(before, after);
  const fixed = COMMENT_FIXED_FIELDS.find((field) => fields.includes(field));
  if (fixed) return `${label}: ${fixed} cannot be changed`;
  if (before.authorId === writer.userId) return null;
  // Owners moderate: they may delete anyone's comment, but not put words in their mouth.
  if (canModerate(writer) && fields.every((field) => field === "deleted" || field === "body" || field === "updatedAt") && after.deleted && after.body === "") {
    return null;
  }
  return `${label}: only its author may change it`;
}

/**
 * Whether `writer` may make this change to one entry: the permission rules of the realtime
 * document, on top of its schema. Returns the reason for a refusal, or null when allowed.
 */
export function authorizeChange(change: EntryChange, writer: Writer): string | null {
  return change.kind === "annotation" ? authorizeAnnotation(change, writer) : authorizeComment(change, writer);
}
