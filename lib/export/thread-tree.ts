import type { ExportComment } from "./export-model.ts";

export type ThreadNode = { comment: ExportComment; replies: ThreadNode[] };

/**
 * A thread (oldest first) as a tree of replies. A reply whose parent is not in the export
 * (deleted, or left out by the authors filter) moves up to the first level rather than vanish.
 */
export function threadTree(comments: readonly ExportComment[]): ThreadNode[] {
  const nodes = new Map(comments.map((comment) => [comment.id, { comment, replies: [] as ThreadNode[] }]));
  const roots: ThreadNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.comment.parentId === null ? undefined : nodes.get(node.comment.parentId);
    (parent ? parent.replies : roots).push(node);
  }
  return roots;
}
