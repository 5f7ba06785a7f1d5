import { derivedUuid } from "@/lib/annotations/derived-uuid.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import type { RoomRecords } from "./session-room-records.ts";

/** A room whose entries go into a view: one student's, or the teacher's answer key. */
export type ViewSource =
  | { kind: "participant"; room: string; participant: { id: string; number: number; name: string | null }; records: RoomRecords }
  | { kind: "key"; room: string; records: RoomRecords };

export const KEY_AUTHOR_ID = "key";
export const KEY_AUTHOR_NAME = "Answer key";

/** Who a copy is shown as in a view. */
export type CopyAuthor = { authorId: string; authorName: string };

export const KEY_AUTHOR: CopyAuthor = { authorId: KEY_AUTHOR_ID, authorName: KEY_AUTHOR_NAME };

/** How a student is called where classmates may read: their name, or "Reader <number>" when anonymous (or purged). */
export function pseudonym(number: number): string {
  return `Reader ${number}`;
}

/** A student as a view shows them: by name and participant id, or as "Reader <number>" when their name is hidden or erased. */
export function studentAuthor(participant: { id: string; number: number; name: string | null }, hideName: boolean): CopyAuthor {
  const { id, number, name } = participant;
  if (hideName) return { authorId: `reader-${number}`, authorName: pseudonym(number) };
  return { authorId: id, authorName: name ?? pseudonym(number) };
}

/** The id an entry of `room` has in every view: stable, and never one a student could choose. */
export function viewEntryId(room: string, entryId: string): string {
  return derivedUuid(`${room}:${entryId}`);
}

/** An annotation of `room` as a view holds it. The live views (server/realtime/classroom/) and the REST reads copy with these. */
export function copyAnnotation(room: string, record: AnnotationRecord, author: CopyAuthor): AnnotationRecord {
  return {
    ...record,
    id: viewEntryId(room, record.id),
    ...author,
    // Only the room's own writer resolves there; the copy names them as the view does.
    resolvedBy: record.resolvedBy === null ? null : author.authorId,
  };
}

export function copyComment(room: string, comment: CommentRecord, author: CopyAuthor): CommentRecord {
  return {
    ...comment,
    id: viewEntryId(room, comment.id),
    annotationId: viewEntryId(room, comment.annotationId),
    parentId: comment.parentId === null ? null : viewEntryId(room, comment.parentId),
    ...author,
  };
}

function authorOf(source: ViewSource, audience: "class" | "peers", anonymous: boolean): CopyAuthor {
  if (source.kind === "key") return KEY_AUTHOR;
  return studentAuthor(source.participant, audience === "peers" && anonymous);
}

/**
 * The entries of a session view, computed from its sources: the teacher's `class` view (names,
 * participant ids) or a students' `peers-<group>` view (pseudonyms when anonymous). Which sources
 * belong in a view (group, reveal, removed students) is the caller's choice; this only copies.
 */
export function sessionViewRecords(sources: readonly ViewSource[], audience: "class" | "peers", anonymous: boolean): RoomRecords {
  const annotations: AnnotationRecord[] = [];
  const comments: CommentRecord[] = [];
  for (const source of sources) {
    const author = authorOf(source, audience, anonymous);
    for (const record of source.records.annotations) annotations.push(copyAnnotation(source.room, record, author));
    for (const comment of source.records.comments) comments.push(copyComment(source.room, comment, author));
  }
  return { annotations, comments };
}
