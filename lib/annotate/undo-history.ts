/** One of the user's own actions, with how to take it back and do it again. */
export type UndoEntry = { label: string; undo: () => void; redo: () => void };

const LIMIT = 100;

/**
 * Undo and redo of the user's own actions, as actions rather than raw Yjs changes: undoing a
 * comment marks it deleted (the server never lets a comment entry be removed), and undoing a
 * highlight removes it only if nobody else replied to it meanwhile (`undo` may throw to say so).
 */
export class UndoHistory {
  private done: UndoEntry[] = [];
  private undone: UndoEntry[] = [];

  record(entry: UndoEntry): void {
    this.done.push(entry);
    if (this.done.length > LIMIT) this.done.shift();
    this.undone = [];
  }

  /** Undoes the newest action; returns it, or null when there is nothing to undo. */
  undo(): UndoEntry | null {
    const entry = this.done.pop();
    if (!entry) return null;
    try {
      entry.undo();
    } catch (error) {
      this.done.push(entry);
      throw error;
    }
    this.undone.push(entry);
    return entry;
  }

  redo(): UndoEntry | null {
    const entry = this.undone.pop();
    if (!entry) return null;
    try {
      entry.redo();
    } catch (error) {
      this.undone.push(entry);
      throw error;
    }
    this.done.push(entry);
    return entry;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
