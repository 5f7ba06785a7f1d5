import type * as Y from "yjs";
import type { AnnotationRecord, CommentRecord, RootName } from "@/lib/realtime/doc-schema.ts";
import { parseAnnotationEntry, parseCommentEntry } from "@/lib/realtime/parse-entry.ts";
import { compareAnnotations, compareComments } from "@/lib/realtime/read-doc.ts";

export type RoomSnapshot = {
  annotations: AnnotationRecord[];
  comments: CommentRecord[];
  /** Comments by annotation id, oldest first; comments whose annotation is gone are left out. */
  threads: ReadonlyMap<string, CommentRecord[]>;
};

/** Something new from someone else, for the live announcements. */
export type RemoteArrival =
  | { kind: "annotation"; record: AnnotationRecord }
  | { kind: "comment"; record: CommentRecord; annotation: AnnotationRecord | undefined };

/**
 * A view of a room's Y document as sorted plain records, kept current incrementally: only the
 * entries a transaction touched are parsed again, so a page with thousands of highlights does
 * not re-validate all of them on every keystroke of a peer. Listeners are told once per batch.
 */
export class RoomStore {
  private readonly annotationRoot: Y.Map<unknown>;
  private readonly commentRoot: Y.Map<unknown>;
  private readonly annotationCache = new Map<string, AnnotationRecord>();
  private readonly commentCache = new Map<string, CommentRecord>();
  private readonly listeners = new Set<() => void>();
  private readonly arrivalListeners = new Set<(arrival: RemoteArrival) => void>();
  private snapshot: RoomSnapshot;
  private scheduled = false;

  constructor(
    doc: Y.Doc,
    /** Transactions from these origins are "remote" (announced); the rest are the user's own or the local cache. */
    private readonly isRemoteOrigin: (origin: unknown) => boolean,
    private readonly schedule: (flush: () => void) => void = (flush) => queueMicrotask(flush),
  ) {
    this.annotationRoot = doc.getMap<unknown>("annotations" satisfies RootName);
    this.commentRoot = doc.getMap<unknown>("comments" satisfies RootName);
    for (const key of this.annotationRoot.keys()) this.refreshAnnotation(key);
    for (const key of this.commentRoot.keys()) this.refreshComment(key);
    this.snapshot = this.build();
    this.annotationRoot.observeDeep(this.onAnnotations);
    this.commentRoot.observeDeep(this.onComments);
  }

  destroy(): void {
    this.annotationRoot.unobserveDeep(this.onAnnotations);
    this.commentRoot.unobserveDeep(this.onComments);
    this.listeners.clear();
    this.arrivalListeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onRemoteArrival(listener: (arrival: RemoteArrival) => void): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  getSnapshot = (): RoomSnapshot => this.snapshot;

  private onAnnotations = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    const remote = this.isRemoteOrigin(transaction.origin);
    for (const key of changedKeys(events, this.annotationRoot)) {
      const isNew = !this.annotationCache.has(key);
      const record = this.refreshAnnotation(key);
      if (remote && isNew && record) this.announce({ kind: "annotation", record });
    }
    this.invalidate();
  };

  private onComments = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    const remote = this.isRemoteOrigin(transaction.origin);
    for (const key of changedKeys(events, this.commentRoot)) {
      const isNew = !this.commentCache.has(key);
      const record = this.refreshComment(key);
      if (remote && isNew && record) this.announce({ kind: "comment", record, annotation: this.annotationCache.get(record.annotationId) });
    }
    this.invalidate();
  };

  private refreshAnnotation(key: string): AnnotationRecord | null {
    const result = this.annotationRoot.has(key) ? parseAnnotationEntry(key, this.annotationRoot.get(key)) : null;
    if (result?.ok) this.annotationCache.set(key, result.record);
    else this.annotationCache.delete(key);
    return result?.ok ? result.record : null;
  }

  private refreshComment(key: string): CommentRecord | null {
    const result = this.commentRoot.has(key) ? parseCommentEntry(key, this.commentRoot.get(key)) : null;
    if (result?.ok) this.commentCache.set(key, result.record);
    else this.commentCache.delete(key);
    return result?.ok ? result.record : null;
  }

  private announce(arrival: RemoteArrival) {
    for (const listener of this.arrivalListeners) listener(arrival);
  }

  private invalidate() {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.snapshot = this.build();
      for (const listener of this.listeners) listener();
    });
  }

  private build(): RoomSnapshot {
    const annotations = [...this.annotationCache.values()].sort(compareAnnotations);
    const comments = [...this.commentCache.values()].sort(compareComments);
    const threads = new Map<string, CommentRecord[]>();
    for (const comment of comments) {
      if (!this.annotationCache.has(comment.annotationId)) continue;
      const thread = threads.get(comment.annotationId);
      if (thread) thread.push(comment);
      else threads.set(comment.annotationId, [comment]);
    }
    return { annotations, comments, threads };
  }
}

/** Ids of the entries of `root` that a batch of deep events touched (added, removed or edited). */
function changedKeys(events: Y.YEvent<Y.AbstractType<unknown>>[], root: Y.Map<unknown>): Set<string> {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.target === root) {
      for (const key of (event as Y.YMapEvent<unknown>).keysChanged) keys.add(key);
    } else {
      const key = event.path[0];
      if (typeof key === "string") keys.add(key);
    }
  }
  return keys;
}
