import type { AnnotationRecord, CommentRecord } from "./doc-schema.ts";

/**
 * A change the server makes to a room on someone's behalf (REST API, imports), as plain data.
 * Plain data, not a callback over a Y.Doc: code inside Next.js has its own copy of Yjs, and
 * Yjs objects from one copy cannot be inserted into a document of the other.
 */
export type RoomChange = {
  annotations?: AnnotationRecord[];
  comments?: CommentRecord[];
  deleteAnnotations?: string[];
};
