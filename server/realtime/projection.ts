import * as Y from "yjs";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import type { Logger } from "@/lib/logger.ts";
import { parseAnnotationEntry, parseCommentEntry } from "@/lib/realtime/parse-entry.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import type { Room } from "./room-manager.ts";

export type Projection = {
  /**
   * Starts following a room that has just been loaded, and reconciles its rows once unless they
   * were last written from this very state of the document (then opening the room writes nothing).
   */
  track(room: Room): void;
  /** Brings the room's rows up to date soon (changes within `delayMs` share one write). */
  schedule(room: Room): void;
  /** Brings the room's rows up to date now, after any write already under way. */
  sync(room: Room): Promise<void>;
  flushAll(): Promise<void>;
};

type Dirty = { full: boolean; annotations: Set<string>; comments: Set<string> };

function annotationRow(documentId: string, annotation: AnnotationRecord) {
  return {
    id: annotation.id,
    documentId,
    start: annotation.start,
    end: annotation.end,
    exact: annotation.exact,
    prefix: annotation.prefix,
    suffix: annotation.suffix,
    tag: annotation.tag,
    technique: annotation.technique,
    authorId: annotation.authorId,
    authorName: annotation.authorName,
    resolved: annotation.resolved,
    resolvedBy: annotation.resolvedBy,
    resolvedAt: annotation.resolvedAt === null ? null : new Date(annotation.resolvedAt),
    createdAt: new Date(annotation.createdAt),
    updatedAt: new Date(annotation.updatedAt),
  };
}

function commentRow(comment: CommentRecord) {
  return {
    id: comment.id,
    annotationId: comment.annotationId,
    parentId: comment.parentId,
    authorId: comment.authorId,
    authorName: comment.authorName,
    body: comment.body,
    deleted: comment.deleted,
    createdAt: new Date(comment.createdAt),
    updatedAt: new Date(comment.updatedAt),
  };
}

/** Ids of entries a change touched: root keys, and the entry a nested change happened in. */
function collectTouched(map: Y.Map<unknown>, into: () => Set<string>) {
  map.observeDeep((events) => {
    const ids = into();
    for (const event of events) {
      if (event.target === map && event instanceof Y.YMapEvent) for (const key of event.keysChanged) ids.add(key);
      else if (typeof event.path[0] === "string") ids.add(event.path[0]);
    }
  });
}

type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Which state of the document the rows now reflect: written with them, in their transaction. */
async function recordState(tx: Transaction, room: Room, encoded: Uint8Array) {
  const snapshot = new Uint8Array(encoded);
  await tx.projectionState.upsert({ where: { room: room.name }, create: { room: room.name, snapshot }, update: { snapshot } });
}

/** Whether the rows were last written from exactly this state of the document (state vector and deletions). */
async function projectedFrom(prisma: PrismaClient, room: Room, snapshot: Y.Snapshot): Promise<boolean> {
  const stored = await prisma.projectionState.findUnique({ where: { room: room.name }, select: { snapshot: true } });
  return stored !== null && Y.equalSnapshots(Y.decodeSnapshot(stored.snapshot), snapshot);
}

/**
 * Keeps the annotations and annotation_comments tables in step with each room's Y document,
 * which stays the source of truth. Only entries that changed are written; a room is
 * reconciled in full when it is loaded if its document differs from the state the rows were
 * last written from, so the tables can always be rebuilt from Yjs.
 */
export function createProjection(prisma: PrismaClient, logger: Logger, delayMs = 250): Projection {
  const dirty = new Map<string, Dirty>();
  const timers = new Map<string, { timer: NodeJS.Timeout; room: Room }>();
  const running = new Map<string, Promise<void>>();

  const dirtyOf = (room: Room) => {
    let entry = dirty.get(room.name);
    if (!entry) {
      entry = { full: false, annotations: new Set(), comments: new Set() };
      dirty.set(room.name, entry);
    }
    return entry;
  };

  async function rebuildAll(room: Room) {
    const annotations = readAnnotations(room.doc);
    const known = new Set(annotations.map((annotation) => annotation.id));
    const comments = readComments(room.doc).filter((comment) => known.has(comment.annotationId));
    const snapshot = Y.encodeSnapshot(Y.snapshot(room.doc));
    await prisma.$transaction(async (tx) => {
      await recordState(tx, room, snapshot);
      await tx.annotation.deleteMany({ where: { documentId: room.documentId } });
      if (annotations.length > 0) await tx.annotation.createMany({ data: annotations.map((annotation) => annotationRow(room.documentId, annotation)) });
      if (comments.length > 0) await tx.annotationComment.createMany({ data: comments.map(commentRow) });
    });
  }

  async function writeChanges(room: Room, changes: Dirty) {
    const annotationsMap = room.doc.getMap<unknown>("annotations");
    const commentsMap = room.doc.getMap<unknown>("comments");
    const present: AnnotationRecord[] = [];
    const gone: string[] = [];
    for (const id of changes.annotations) {
      const parsed = annotationsMap.has(id) ? parseAnnotationEntry(id, annotationsMap.get(id)) : null;
      if (parsed?.ok) present.push(parsed.record);
      else gone.push(id);
    }
    const comments: CommentRecord[] = [];
    for (const id of changes.comments) {
      const parsed = commentsMap.has(id) ? parseCommentEntry(id, commentsMap.get(id)) : null;
      // Orphans (their annotation deleted) are not projected; readers skip them too.
      if (parsed?.ok && annotationsMap.has(parsed.record.annotationId)) comments.push(parsed.record);
    }
    const snapshot = Y.encodeSnapshot(Y.snapshot(room.doc));
    await prisma.$transaction(async (tx) => {
      await recordState(tx, room, snapshot);
      if (gone.length > 0) await tx.annotation.deleteMany({ where: { id: { in: gone } } });
      // New highlights go in with one statement; only edited ones are updated row by row.
      const existing = new Set(
        present.length === 0 ? [] : (await tx.annotation.findMany({ where: { id: { in: present.map((annotation) => annotation.id) } }, select: { id: true } })).map((row) => row.id),
      );
      const added = present.filter((annotation) => !existing.has(annotation.id));
      if (added.length > 0) await tx.annotation.createMany({ data: added.map((annotation) => annotationRow(room.documentId, annotation)) });
      for (const annotation of present.filter((record) => existing.has(record.id))) {
        await tx.annotation.update({ where: { id: annotation.id }, data: annotationRow(room.documentId, annotation) });
      }
      if (changes.comments.size > 0) await tx.annotationComment.deleteMany({ where: { id: { in: [...changes.comments] } } });
      if (comments.length > 0) await tx.annotationComment.createMany({ data: comments.map(commentRow), skipDuplicates: true });
    });
  }

  function sync(room: Room): Promise<void> {
    const pending = timers.get(room.name);
    if (pending) {
      clearTimeout(pending.timer);
      timers.delete(room.name);
    }
    const previous = running.get(room.name) ?? Promise.resolve();
    const next = previous
      .then(() => {
        const changes = dirty.get(room.name);
        dirty.delete(room.name);
        if (!changes) return;
        return changes.full ? rebuildAll(room) : writeChanges(room, changes);
      })
      .catch((error: unknown) => {
        // Try again in full next time: the rows may now be behind the document.
        dirtyOf(room).full = true;
        logger.error({ err: error, room: room.name }, "could not update the annotation projection");
      })
      .finally(() => {
        if (running.get(room.name) === next) running.delete(room.name);
      });
    running.set(room.name, next);
    return next;
  }

  return {
    track(room) {
      const opened = Y.snapshot(room.doc);
      collectTouched(room.doc.getMap<unknown>("annotations"), () => dirtyOf(room).annotations);
      collectTouched(room.doc.getMap<unknown>("comments"), () => dirtyOf(room).comments);
      // A sync (e.g. the room unloading at once) waits for this check, so it cannot miss a rebuild.
      const checked = projectedFrom(prisma, room, opened)
        .then(
          (current) => current,
          (error: unknown) => {
            logger.warn({ err: error, room: room.name }, "could not read the projection's state; rebuilding it");
            return false;
          },
        )
        .then((current) => {
          if (current) return;
          dirtyOf(room).full = true;
          this.schedule(room);
        })
        .finally(() => {
          if (running.get(room.name) === checked) running.delete(room.name);
        });
      running.set(room.name, checked);
    },
    schedule(room) {
      if (timers.has(room.name)) return;
      timers.set(room.name, { room, timer: setTimeout(() => void sync(room), delayMs) });
    },
    sync,
    async flushAll() {
      await Promise.all([...timers.values()].map(({ room }) => sync(room)));
      await Promise.all(running.values());
    },
  };
}
