import type { ExportComment } from "./export-model.ts";

export type ThreadLine = {
  comment: ExportComment;
  /** 0 for a thread's first level, 1 for a reply, and so on. */
  depth: number;
  /** The comment this one answers, when it is a reply. */
  replyTo: ExportComment | null;
};

/**
 * A thread in reading order, each reply under the comment it answers (oldest first at every
 * level). A reply whose parent was deleted (the model leaves deleted comments out) moves up to the
 * first level rather than vanishing; a parent cycle, which only corrupt data can hold, is broken
 * the same way.
 */
export function threadLines(comments: readonly ExportComment[]): ThreadLine[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const children = new Map<string | null, ExportComment[]>();
  for (const comment of comments) {
    const parentKey = comment.parentId !== null && byId.has(comment.parentId) && comment.parentId !== comment.id ? comment.parentId : null;
    const siblings = children.get(parentKey) ?? [];
    siblings.push(comment);
    children.set(parentKey, siblings);
  }
  const oldestFirst = (a: ExportComment, b: ExportComment) => a.createdAt.getTime() - b.createdAt.getTime();
  const lines: ThreadLine[] = [];
  const placed = new Set<string>();
  const stack: { comment: ExportComment; depth: number; replyTo: ExportComment | null }[] = [];
  const pushChildren = (parentKey: string | null, depth: number, replyTo: ExportComment | null) => {
    const kids = [...(children.get(parentKey) ?? [])].sort(oldestFirst).reverse();
    for (const comment of kids) stack.push({ comment, depth, replyTo });
  };
  pushChildren(null, 0, null);
  for (;;) {
    while (stack.length > 0) {
      const entry = stack.pop()!;
      if (placed.has(entry.comment.id)) continue;
      placed.add(entry.comment.id);
      lines.push(entry);
      pushChildren(entry.comment.id, entry.depth + 1, entry.comment);
    }
    // Comments only reachable through a cycle: start them at the first level.
    const orphan = comments.filter((c) => !placed.has(c.id)).sort(oldestFirst)[0];
    if (!orphan) break;
    stack.push({ comment: orphan, depth: 0, replyTo: null });
  }
  return lines;
}
