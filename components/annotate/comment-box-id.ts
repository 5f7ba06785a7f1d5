/**
 * The id of a comment box's textarea, one per kind of box. The surface focuses boxes by it, and
 * it keys the box's unsent text (CommentDrafts), so a thread reopened finds its drafts: one
 * place to build it, so the three users never disagree.
 */
export const commentBoxId = {
  compose: (annotationId: string) => `compose-${annotationId}`,
  reply: (commentId: string) => `reply-${commentId}`,
  edit: (commentId: string) => `edit-${commentId}`,
};
