/** One of the user's own actions, with how to take it back and do it again. */
export type UndoEntry = { label: string; undo: () => void; redo: () => void };

const LIMIT = 100;

/**
 * Undo and redo of the user's own actions, as actions rather than raw Yjs changes: undoing a
 * comment marks it deleted (the server never lets a comment entry be removed), and undoing a
 * highlight removes it only if nobody else replied to it meanwhile. An entry whose `undo` or
 * `redo` throws (others changed what it would take back) is dropped with the error, so the next
 * Ctrl+Z reaches the action before it instead of failing on the same one forever.
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
    return this.move(this.done, this.undone, (entry) => entry.undo());
  }

  redo(): UndoEntry | null {
    return this.move(this.undone, this.done, (entry) => entry.redo());
  }

  /** Runs the newest entry of `from` and moves it to `to`; one that fails is dropped, and its error thrown. */
  private move(from: UndoEntry[], to: UndoEntry[], run: (entry: UndoEntry) => void): UndoEntry | null {
    const entry = from.pop();
    if (!entry) return null;
    run(entry);
    to.push(entry);
    return entry;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
