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
