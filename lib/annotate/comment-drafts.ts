/** Text being written in one comment box, and the highlight (id and quote) whose thread it belongs to. */
export type CommentDraft = { key: string; annotationId: string; quote: string; text: string };

/**
 * What the reader has typed and not sent, per comment box (keyed by the box's id: compose,
 * reply or edit), kept outside the boxes: a thread collapsed, filtered out or paged away
 * unmounts its boxes, and reopening it brings the text back. When a highlight is deleted while
 * someone writes in its thread, its drafts are handed over rather than dropped.
 *
 * A plain map, not React state: typing must re-render nothing but the box itself.
 */
export class CommentDrafts {
  private readonly drafts = new Map<string, CommentDraft>();

  get size(): number {
    return this.drafts.size;
  }

  get(key: string): string | undefined {
    return this.drafts.get(key)?.text;
  }

  has(key: string): boolean {
    return this.drafts.has(key);
  }

  /** Keeps `text` for the box; an empty text (or the unchanged text of an edit) forgets it. */
  set(key: string, annotation: { id: string; quote: string }, text: string): void {
    if (text.trim()) this.drafts.set(key, { key, annotationId: annotation.id, quote: annotation.quote, text });
    else this.drafts.delete(key);
  }

  delete(key: string): void {
    this.drafts.delete(key);
  }

  /** Removes and returns the drafts of highlights that no longer exist. */
  takeOrphans(exists: (annotationId: string) => boolean): CommentDraft[] {
    const orphans = [...this.drafts.values()].filter((draft) => !exists(draft.annotationId));
    for (const orphan of orphans) this.drafts.delete(orphan.key);
    return orphans;
  }
}
