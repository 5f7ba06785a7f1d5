import { derivedUuid } from "@/lib/annotations/derived-uuid.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import type { RoomRecords } from "./session-room-records.ts";

/** A room whose entries go into a view: one student's, or the teacher's answer key. */
export type ViewSource =
  | { kind: "participant"; room: string; participant: { id: string; number: number; name: string | null }; records: RoomRecords }
  | { kind: "key"; room: string; records: RoomRecords };

export const KEY_AUTHOR_ID = "key";
export const KEY_AUTHOR_NAME = "Answer key";

/** How a student is called where classmates may read: their name, or "Reader <number>" when anonymous (or purged). */
export function pseudonym(number: number): string {
  return `Reader ${number}`;
}

/** The id an entry of `room` has in every view: stable, and never one a student could choose. */
export function viewEntryId(room: string, entryId: string): string {
  return derivedUuid(`${room}:${entryId}`);
}

type Author = { id: string; name: string };

function authorOf(source: ViewSource, audience: "class" | "peers", anonymous: boolean): Author {
  if (source.kind === "key") return { id: KEY_AUTHOR_ID, name: KEY_AUTHOR_NAME };
  const { id, number, name } = source.participant;
  const hidden = audience === "peers" && anonymous;
  return {
    id: hidden ? `reader-${number}` : id,
    name: hidden || name === null ? pseudonym(number) : name,
  };
}

function copyAnnotation(source: ViewSource, author: Author, record: AnnotationRecord): AnnotationRecord {
  return {
    ...record,
    id: viewEntryId(source.room, record.id),
    authorId: author.id,
    authorName: author.name,
    // Whoever resolved it in the source room is that room's owner: they go by the same name here.
    resolvedBy: record.resolvedBy === null ? null : author.id,
  };
}

function copyComment(source: ViewSource, author: Author, comment: CommentRecord): CommentRecord {
  return {
    ...comment,
    id: viewEntryId(source.room, comment.id),
    annotationId: viewEntryId(source.room, comment.annotationId),
    parentId: comment.parentId === null ? null : viewEntryId(source.room, comment.parentId),
    authorId: author.id,
    authorName: author.name,
  };
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
    for (const record of source.records.annotations) annotations.push(copyAnnotation(source, author, record));
    for (const comment of source.records.comments) comments.push(copyComment(source, author, comment));
  }
  return { annotations, comments };
}
