import type { TextRange } from "@/lib/annotate/dom-offsets.ts";
import type { AnnotationRecord, CommentRecord, Tag } from "@/lib/realtime/doc-schema.ts";

export type Member = { id: string; name: string };

/** What the reader's role lets them do here; the server checks the same rules on every update. */
export type SurfacePermissions = {
  highlight: boolean;
  comment: boolean;
  /** Owners: change or delete anyone's highlight, delete anyone's comment. */
  moderate: boolean;
};

/**
 * The edits the margin can make. Each returns whether it was applied (false: refused locally,
 * and the surface has said why), so a form keeps its text when it was not.
 */
export type SurfaceActions = {
  toggleThread: (annotationId: string) => void;
  showInText: (annotationId: string) => void;
  /** Escape from a thread: the focus goes back to the text, with the caret after the highlight. */
  returnToText: (annotationId: string) => void;
  setLabel: (annotation: AnnotationRecord, tag: Tag, technique: string | null) => boolean;
  setResolved: (annotation: AnnotationRecord, resolved: boolean) => boolean;
  deleteHighlight: (annotation: AnnotationRecord, thread: readonly CommentRecord[]) => boolean;
  addComment: (annotationId: string, parentId: string | null, body: string) => boolean;
  editComment: (comment: CommentRecord, body: string) => boolean;
  deleteComment: (comment: CommentRecord) => boolean;
  setTyping: (annotationId: string | null) => void;
};

/** Whose highlights a read-only layer shows: a classmate's, or the teacher's answer key. */
export type OverlayLayer = "classmate" | "key";

/**
 * Highlights from another room shown over the reader's own, read-only (a classroom student sees
 * classmates' highlights and, after the reveal, the answer key). They are drawn with a pattern
 * and outline of their own and listed in a margin section of their own.
 */
export type SurfaceOverlay = {
  annotations: readonly AnnotationRecord[];
  threads: ReadonlyMap<string, readonly CommentRecord[]>;
  layerOf: (annotation: AnnotationRecord) => OverlayLayer;
  /** Heading of the margin section, e.g. "Classmates' highlights". */
  title: string;
  /** Shown in that section while it is empty (e.g. "Hidden until your teacher reveals them"). */
  emptyText: string;
};

/** A passage someone points the reader to (the teacher's "follow me"): outlined and scrolled to. */
export type SurfaceSpotlight = { range: TextRange; label: string };
