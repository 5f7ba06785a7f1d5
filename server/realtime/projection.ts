import * as Y from "yjs";
import type { SqlExecutor, SqlSession } from "@/lib/db/sql.ts";
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
  /**
   * Brings the room's rows up to date soon: changes within `delayMs` share one write, and a room
   * written less than `busyDelayMs` ago waits until then, so a busy room is written at most once
   * per `busyDelayMs` whatever its rate of updates.
   */
  schedule(room: Room): void;
  /** Brings the room's rows up to date now, after any write already under way. */
  sync(room: Room): Promise<void>;
  flushAll(): Promise<void>;
  /**
   * Brings every room up to date one last time and stops retrying failed writes (the server is
   * stopping; whatever failed is reconciled when the room is next loaded).
   */
  close(): Promise<void>;
};

type Dirty = { full: boolean; annotations: Set<string>; comments: Set<string> };

/*
 * The projection is written with plain SQL, every batch in a fixed handful of statements whatever
 * its size: through Prisma each batch cost a query compilation per statement plus a statement per
 * edited row, the largest share of the server's CPU per update (see bench/README.md). Rows travel
 * as one JSON parameter (json_to_recordset), and timestamps as ISO strings read in UTC, the way
 * Prisma stores a DateTime in a TIMESTAMP(3) column.
 */
const iso = (milliseconds: number) => new Date(milliseconds).toISOString();

function annotationRow(annotation: AnnotationRecord) {
  return {
    id: annotation.id,
    start: annotation.start,
    end: annotation.end,
    exact: annotation.exact,
    prefix: annotation.prefix,
    suffix: annotation.suffix,
    tag: annotation.tag,
    technique: annotation.technique,
    author_id: annotation.authorId,
    author_name: annotation.authorName,
    resolved: annotation.resolved,
    resolved_by: annotation.resolvedBy,
    resolved_at: annotation.resolvedAt === null ? null : iso(annotation.resolvedAt),
    created_at: iso(annotation.createdAt),
    updated_at: iso(annotation.updatedAt),
  };
}

function commentRow(comment: CommentRecord) {
  return {
    id: comment.id,
    annotation_id: comment.annotationId,
    parent_id: comment.parentId,
    author_id: comment.authorId,
    author_name: comment.authorName,
    body: comment.body,
    deleted: comment.deleted,
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
  };
}

/**
 * Inserts the room's annotations, or updates them where they exist. An id that belongs to
 * another document's row is left alone: a client cannot move or rewrite another document's
 * highlight by reusing its id.
 */
async function upsertAnnotations(sql: SqlSession, documentId: string, annotations: AnnotationRecord[]) {
  if (annotations.length === 0) return;
  await sql.query(
    `INSERT INTO "annotations" ("id", "document_id", "start", "end", "exact", "prefix", "suffix", "tag", "technique", "author_id", "author_name",
       "resolved", "resolved_by", "resolved_at", "created_at", "updated_at")
     SELECT r."id", $2, r."start", r."end", r."exact", r."prefix", r."suffix", r."tag", r."technique", r."author_id", r."author_name",
       r."resolved", r."resolved_by", r."resolved_at" AT TIME ZONE 'UTC', r."created_at" AT TIME ZONE 'UTC', r."updated_at" AT TIME ZONE 'UTC'
     FROM json_to_recordset($1::json) AS r("id" text, "start" int, "end" int, "exact" text, "prefix" text, "suffix" text, "tag" text, "technique" text,
       "author_id" text, "author_name" text, "resolved" boolean, "resolved_by" text, "resolved_at" timestamptz, "created_at" timestamptz, "updated_at" timestamptz)
     ON CONFLICT ("id") DO UPDATE SET "start" = EXCLUDED."start", "end" = EXCLUDED."end", "exact" = EXCLUDED."exact", "prefix" = EXCLUDED."prefix",
       "suffix" = EXCLUDED."suffix", "tag" = EXCLUDED."tag", "technique" = EXCLUDED."technique", "author_id" = EXCLUDED."author_id",
       "author_name" = EXCLUDED."author_name", "resolved" = EXCLUDED."resolved", "resolved_by" = EXCLUDED."resolved_by",
       "resolved_at" = EXCLUDED."resolved_at", "created_at" = EXCLUDED."created_at", "updated_at" = EXCLUDED."updated_at"
     WHERE "annotations"."document_id" = EXCLUDED."document_id"`,
    [JSON.stringify(annotations.map(annotationRow)), documentId],
  );
}

/** Inserts comments; one whose id is taken already (by another document's comment) is skipped. */
async function insertComments(sql: SqlSession, comments: CommentRecord[]) {
  if (comments.length === 0) return;
  await sql.query(
    `INSERT INTO "annotation_comments" ("id", "annotation_id", "parent_id", "author_id", "author_name", "body", "deleted", "created_at", "updated_at")
     SELECT r."id", r."annotation_id", r."parent_id", r."author_id", r."author_name", r."body", r."deleted",
       r."created_at" AT TIME ZONE 'UTC', r."updated_at" AT TIME ZONE 'UTC'
     FROM json_to_recordset($1::json) AS r("id" text, "annotation_id" text, "parent_id" text, "author_id" text, "author_name" text, "body" text,
       "deleted" boolean, "created_at" timestamptz, "updated_at" timestamptz)
     ON CONFLICT ("id") DO NOTHING`,
    [JSON.stringify(comments.map(commentRow))],
  );
}

/**
 * Ids of entries a change touched: root keys, and the entry a nested change happened in.
 * `accept` may pass over transactions by origin (the classroom mirror skips what it did not apply).
 */
export function collectTouched(map: Y.Map<unknown>, into: () => Set<string>, accept: (origin: unknown) => boolean = () => true) {
  map.observeDeep((events, transaction) => {
    if (!accept(transaction.origin)) return;
    const ids = into();
    for (const event of events) {
      if (event.target === map && event instanceof Y.YMapEvent) for (const key of event.keysChanged) ids.add(key);
      else if (typeof event.path[0] === "string") ids.add(event.path[0]);
    }
  });
}

/*
 * Snapshots are read and written as hex text, as in update-store.ts: the drivers' bytea
 * conversions go byte by byte in JavaScript.
 */
const toHex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");

/** Which state of the document the rows now reflect: written with them, in their transaction. */
async function recordState(sql: SqlSession, room: Room, encoded: Uint8Array) {
  await sql.query(
    `INSERT INTO "projection_states" ("room", "snapshot", "updated_at") VALUES ($1, decode($2, 'hex'), now() AT TIME ZONE 'UTC')
     ON CONFLICT ("room") DO UPDATE SET "snapshot" = EXCLUDED."snapshot", "updated_at" = EXCLUDED."updated_at"`,
    [room.name, toHex(encoded)],
  );
}

/** Whether the rows were last written from exactly this state of the document (state vector and deletions). */
async function projectedFrom(sql: SqlExecutor, room: Room, snapshot: Y.Snapshot): Promise<boolean> {
  const [stored] = await sql.query<{ snapshot: string }>(`SELECT encode("snapshot", 'hex') AS "snapshot" FROM "projection_states" WHERE "room" = $1`, [room.name]);
  return stored !== undefined && Y.equalSnapshots(Y.decodeSnapshot(new Uint8Array(Buffer.from(stored.snapshot, "hex"))), snapshot);
}

/**
 * Keeps the annotations and annotation_comments tables in step with each room's Y document,
 * which stays the source of truth. Only entries that changed are written; a room is
 * reconciled in full when it is loaded if its document differs from the state the rows were
 * last written from, so the tables can always be rebuilt from Yjs.
 *
 * The rows are a read model (REST listings, exports, counts); whoever must read its own write
 * calls `sync` first. Writing them is most of the database work of a busy room, so a busy
 * room's writes are spaced by `busyDelayMs` (see bench/README.md, "Where the CPU goes").
 */
export function createProjection(sql: SqlExecutor, logger: Logger, delayMs = 250, busyDelayMs = 1_000): Projection {
  const dirty = new Map<string, Dirty>();
  const timers = new Map<string, { timer: NodeJS.Timeout; room: Room }>();
  const running = new Map<string, Promise<void>>();
  // Keyed by the room itself, so it goes when an unloaded room does.
  const lastWriteAt = new WeakMap<Room, number>();
  let closed = false;

  const dirtyOf = (room: Room) => {
    let entry = dirty.get(room.name);
    if (!entry) {
      entry = { full: false, annotations: new Set(), comments: new Set() };
      dirty.set(room.name, entry);
    }
    return entry;
  };

  /**
   * Rewrites every row this copy of the document knows about. Only those: with several processes,
   * another one may have stored and projected entries this copy has not received yet, and a
   * rebuild that emptied the document's rows would drop theirs until someone touched them again.
   * A Y.Map keeps the last item of every key it has seen, deleted ones included (`_map`), so
   * "known" covers entries deleted here as well as present ones.
   */
  async function rebuildAll(room: Room) {
    const annotations = readAnnotations(room.doc);
    const present = new Set(annotations.map((annotation) => annotation.id));
    const comments = readComments(room.doc).filter((comment) => present.has(comment.annotationId));
    const knownAnnotations = [...room.doc.getMap<unknown>("annotations")._map.keys()];
    const knownComments = [...room.doc.getMap<unknown>("comments")._map.keys()];
    const snapshot = Y.encodeSnapshot(Y.snapshot(room.doc));
    await sql.transaction(async (tx) => {
      await recordState(tx, room, snapshot);
      // Known entries that are deleted or invalid here lose their rows (comments go with them: ON DELETE CASCADE).
      const stale = knownAnnotations.filter((id) => !present.has(id));
      if (stale.length > 0) {
        await tx.query(`DELETE FROM "annotations" WHERE "document_id" = $2 AND "id" IN (SELECT json_array_elements_text($1::json))`, [JSON.stringify(stale), room.documentId]);
      }
      await upsertAnnotations(tx, room.documentId, annotations);
      // Known comments are written afresh, as in writeChanges.
      if (knownComments.length > 0) {
        await tx.query(
          `DELETE FROM "annotation_comments" WHERE "id" IN (SELECT json_array_elements_text($1::json))
             AND "annotation_id" IN (SELECT "id" FROM "annotations" WHERE "document_id" = $2)`,
          [JSON.stringify(knownComments), room.documentId],
        );
      }
      await insertComments(tx, comments);
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
    await sql.transaction(async (tx) => {
      await recordState(tx, room, snapshot);
      if (gone.length > 0) {
        await tx.query(`DELETE FROM "annotations" WHERE "document_id" = $2 AND "id" IN (SELECT json_array_elements_text($1::json))`, [JSON.stringify(gone), room.documentId]);
      }
      await upsertAnnotations(tx, room.documentId, present);
      // A changed comment is written afresh; only this document's comments can be removed.
      if (changes.comments.size > 0) {
        await tx.query(
          `DELETE FROM "annotation_comments" WHERE "id" IN (SELECT json_array_elements_text($1::json))
             AND "annotation_id" IN (SELECT "id" FROM "annotations" WHERE "document_id" = $2)`,
          [JSON.stringify([...changes.comments]), room.documentId],
        );
      }
      await insertComments(tx, comments);
    });
  }

  function sync(room: Room): Promise<void> {
    if (room.kind !== "shared") return Promise.resolve();
    const pending = timers.get(room.name);
    if (pending) {
      clearTimeout(pending.timer);
      timers.delete(room.name);
    }
    lastWriteAt.set(room, performance.now());
    const previous = running.get(room.name) ?? Promise.resolve();
    const next = previous
      .then(() => {
        const changes = dirty.get(room.name);
        dirty.delete(room.name);
        if (!changes) return;
        return changes.full ? rebuildAll(room) : writeChanges(room, changes);
      })
      .catch((error: unknown) => {
        // Try again in full, and soon: the rows may now be behind the document, and with no
        // further change to the room nothing else would bring them up to date (the REST API
        // would serve stale rows until the room is next loaded).
        dirtyOf(room).full = true;
        logger.error({ err: error, room: room.name }, "could not update the annotation projection; retrying");
        if (!closed) schedule(room);
      })
      .finally(() => {
        if (running.get(room.name) === next) running.delete(room.name);
      });
    running.set(room.name, next);
    return next;
  }

  function schedule(room: Room) {
    if (room.kind !== "shared" || timers.has(room.name)) return;
    const sinceLastWrite = performance.now() - (lastWriteAt.get(room) ?? -Infinity);
    const delay = Math.max(delayMs, busyDelayMs - sinceLastWrite);
    timers.set(room.name, { room, timer: setTimeout(() => void sync(room), delay) });
  }

  return {
    track(room) {
      // Only a document's shared space is projected: classroom rooms never reach its annotations table.
      if (room.kind !== "shared") return;
      const opened = Y.snapshot(room.doc);
      collectTouched(room.doc.getMap<unknown>("annotations"), () => dirtyOf(room).annotations);
      collectTouched(room.doc.getMap<unknown>("comments"), () => dirtyOf(room).comments);
      // A sync (e.g. the room unloading at once) waits for this check, so it cannot miss a rebuild.
      const checked = projectedFrom(sql, room, opened)
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
          schedule(room);
        })
        .finally(() => {
          if (running.get(room.name) === checked) running.delete(room.name);
        });
      running.set(room.name, checked);
    },
    schedule,
    sync,
    async flushAll() {
      await Promise.all([...timers.values()].map(({ room }) => sync(room)));
      await Promise.all(running.values());
    },
    async close() {
      closed = true;
      await this.flushAll();
    },
  };
}
