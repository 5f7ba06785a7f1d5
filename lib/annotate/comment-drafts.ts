/** Text being written in one comment box, and the highlight (id and quote) whose thread it belongs to. */
export type CommentDraft = { key: string; annotationId: string; quote: string; text: string };

/** Where drafts outlive a reload: the tab's sessionStorage, under one key per person and document. */
export type DraftStorage = { storage: Pick<Storage, "getItem" | "setItem" | "removeItem">; key: string };

function isDraft(value: unknown): value is CommentDraft {
  const draft = value as CommentDraft | null;
  return typeof draft === "object" && draft !== null && ["key", "annotationId", "quote", "text"].every((field) => typeof draft[field as keyof CommentDraft] === "string");
}

/**
 * What the reader has typed and not sent, per comment box (keyed by the box's id: compose,
 * reply or edit), kept outside the boxes: a thread collapsed, filtered out or paged away
 * unmounts its boxes, and reopening it brings the text back. With a storage, drafts also
 * survive a reload of the tab. When a highlight is deleted while someone writes in its thread,
 * its drafts are handed over rather than dropped.
 *
 * A plain map, not React state: typing must re-render nothing but the box itself.
 */
export class CommentDrafts {
  private readonly drafts = new Map<string, CommentDraft>();

  constructor(private readonly persistence: DraftStorage | null = null) {
    if (!persistence) return;
    try {
      const saved: unknown = JSON.parse(persistence.storage.getItem(persistence.key) ?? "[]");
      for (const draft of Array.isArray(saved) ? saved.filter(isDraft) : []) this.drafts.set(draft.key, draft);
    } catch {
      // Unreadable (edited by hand, another version): start without drafts rather than fail.
    }
  }

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
    this.save();
  }

  delete(key: string): void {
    if (this.drafts.delete(key)) this.save();
  }

  /** Removes and returns the drafts of highlights that no longer exist. */
  takeOrphans(exists: (annotationId: string) => boolean): CommentDraft[] {
    const orphans = [...this.drafts.values()].filter((draft) => !exists(draft.annotationId));
    for (const orphan of orphans) this.drafts.delete(orphan.key);
    if (orphans.length > 0) this.save();
    return orphans;
  }

  private save(): void {
    if (!this.persistence) return;
    const { storage, key } = this.persistence;
    try {
      if (this.drafts.size === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify([...this.drafts.values()]));
    } catch {
      // Storage full or refused (private browsing): the drafts still live for this page.
    }
  }
}
