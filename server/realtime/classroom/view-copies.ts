import { derivedUuid } from "@/lib/annotations/derived-uuid.ts";
import { peersVisibility } from "@/lib/classroom/room-access.ts";
import type { SessionSlot } from "@/lib/classroom/session-rooms.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import type { SessionFacts } from "./read-session.ts";

/** Where an entry comes from: the answer key, or one student's own room. */
export type Source = { kind: "key" } | { kind: "participant"; participantId: string };

/** A view room's slot. */
export type ViewSlot = Extract<SessionSlot, { kind: "class" } | { kind: "peers" }>;

/** Who a copy is shown as in a view. */
export type CopyAuthor = { authorId: string; authorName: string };

export const KEY_AUTHOR: CopyAuthor = { authorId: "key", authorName: "Answer key" };

/** The view slots a session has: the teacher's `class` and one `peers-<group>` per group (0 without groups). */
export function viewSlots(groupCount: number): ViewSlot[] {
  const groups = groupCount > 0 ? Array.from({ length: groupCount }, (_, index) => index + 1) : [0];
  return [{ kind: "class" }, ...groups.map((group) => ({ kind: "peers", group }) as const)];
}

/**
 * How entries of `source` appear in `view` now, or null when that view must not show them:
 * the teacher's class view shows every student still in the session and the key, with names;
 * a group's peers view shows its students once classmates are visible (open mode, or after the
 * reveal), under "Reader <number>" in anonymous sessions, and the key after the reveal.
 */
export function copyAuthor(facts: SessionFacts, view: ViewSlot, source: Source): CopyAuthor | null {
  const visibility = peersVisibility(facts.state);
  if (source.kind === "key") return view.kind === "class" || visibility.key ? KEY_AUTHOR : null;
  const participant = facts.participants.get(source.participantId);
  if (!participant || participant.removed) return null;
  const pseudonym = `Reader ${participant.number}`;
  if (view.kind === "class") return { authorId: participant.id, authorName: participant.name ?? pseudonym };
  if (!visibility.classmates || participant.group !== view.group) return null;
  if (facts.anonymous || participant.name === null) return { authorId: `reader-${participant.number}`, authorName: pseudonym };
  return { authorId: participant.id, authorName: participant.name };
}

/** Every author a view may show now (copies by anyone else are taken out of it). */
export function allowedAuthors(facts: SessionFacts, view: ViewSlot): Set<string> {
  const allowed = new Set<string>();
  const key = copyAuthor(facts, view, { kind: "key" });
  if (key) allowed.add(key.authorId);
  for (const id of facts.participants.keys()) {
    const author = copyAuthor(facts, view, { kind: "participant", participantId: id });
    if (author) allowed.add(author.authorId);
  }
  return allowed;
}

/** The id a source room's entry has in every view: a student cannot aim at a classmate's copy by reusing its id. */
export function copyId(sourceRoom: string, entryId: string): string {
  return derivedUuid(`${sourceRoom}:${entryId}`);
}

export function copyAnnotation(sourceRoom: string, record: AnnotationRecord, author: CopyAuthor): AnnotationRecord {
  return {
    ...record,
    id: copyId(sourceRoom, record.id),
    ...author,
    // Only the room's own writer resolves there; the copy names them as the view does.
    resolvedBy: record.resolvedBy === null ? null : author.authorId,
  };
}

export function copyComment(sourceRoom: string, record: CommentRecord, author: CopyAuthor): CommentRecord {
  return {
    ...record,
    id: copyId(sourceRoom, record.id),
    annotationId: copyId(sourceRoom, record.annotationId),
    parentId: record.parentId === null ? null : copyId(sourceRoom, record.parentId),
    ...author,
  };
}
