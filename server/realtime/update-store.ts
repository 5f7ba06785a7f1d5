import * as Y from "yjs";
import type { SqlExecutor, SqlSession } from "@/lib/db/sql.ts";

export type UpdateStoreOptions = {
  /** How long an update may wait for others to share its write (group commit). */
  batchMs: number;
  /** Fold the log into the snapshot once a room has this many log rows. */
  compactAfterUpdates: number;
  /** First retry delay after a failed write; doubles up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
  onWrite?: (info: { updates: number; ms: number }) => void;
  onError?: (error: unknown) => void;
};

export const DEFAULT_UPDATE_STORE_OPTIONS: UpdateStoreOptions = {
  batchMs: 10,
  compactAfterUpdates: 200,
  retryMs: 100,
  maxRetryMs: 5_000,
};

type Pending = { room: string; update: Uint8Array; resolve: () => void; stored: Promise<void> };

/** Key space of the advisory locks that keep two compactions of one room apart ("YS"). */
const COMPACTION_LOCK_SPACE = 0x5953;

/*
 * Snapshots and log rows are read and written as hex text: node-postgres and PGlite turn hex
 * into bytes natively, where their bytea conversions (and Prisma's, through an array of numbers)
 * go byte by byte in JavaScript, which blocks the event loop for as long as a room is large.
 */
const toHex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, "hex"));

/**
 * A room's snapshot (id null) and log rows, in order, from one statement: one consistent view
 * even while another process compacts the room.
 */
async function readParts(sql: SqlSession, room: string): Promise<{ id: string | null; bytes: string }[]> {
  return sql.query(
    `SELECT NULL AS "id", encode("state", 'hex') AS "bytes", 0::bigint AS "position" FROM "realtime_snapshots" WHERE "room" = $1
     UNION ALL
     SELECT "id"::text, encode("update", 'hex'), "id" FROM "realtime_updates" WHERE "room" = $1
     ORDER BY "position"`,
    [room],
  );
}

export type UpdateStore = {
  /** The room's state: its snapshot plus every log row not folded into it, merged. Empty when new. */
  read(room: string): Promise<Uint8Array>;
  /** Reads the room's state to open it here: also starts counting its log rows towards compaction. */
  load(room: string): Promise<Uint8Array>;
  /** Queues an update; resolves once it is committed (retrying until then). */
  append(room: string, update: Uint8Array): Promise<void>;
  /**
   * Resolves when everything queued so far is committed. Given a room, waits only for that
   * room's updates (written at once, without the batching window), not on other rooms' writes.
   */
  flush(room?: string): Promise<void>;
  /** Commits what is queued, then stops accepting writes. */
  close(): Promise<void>;
  /** Accepted updates not committed yet, queued or being written. */
  pendingCount(): number;
  /** The same, counted per room: what would be lost if the process ended now. */
  pendingByRoom(): Map<string, number>;
};

/**
 * Durable storage for Yjs rooms: an append-only log written with group commit (one INSERT for
 * all updates that arrive within `batchMs`, or while the previous INSERT runs), folded into a
 * snapshot past a threshold. A failed write keeps the updates queued and retries with backoff;
 * nothing accepted is dropped.
 */
export function createUpdateStore(database: { sql: SqlExecutor }, options: UpdateStoreOptions = DEFAULT_UPDATE_STORE_OPTIONS): UpdateStore {
  const { sql } = database;
  let queue: Pending[] = [];
  /** The batch being written: not stored yet either. */
  let inFlight: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let retryDelay = options.retryMs;
  let closed = false;
  const logRowsSinceCompaction = new Map<string, number>();
  const compacting = new Map<string, Promise<void>>();

  function schedule(delay: number) {
    if (timer || writing) return;
    timer = setTimeout(() => {
      timer = undefined;
      const started = performance.now();
      writing = writeBatch().finally(() => {
        writing = undefined;
        if (queue.length === 0) return;
        // What arrived during the write has waited already: one window after the last write
        // began, not another full window after it ended (unless the write failed).
        schedule(retryDelay > options.retryMs ? retryDelay : Math.max(0, options.batchMs - (performance.now() - started)));
      });
    }, delay);
  }

  async function writeBatch(): Promise<void> {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    inFlight = batch;
    const started = performance.now();
    try {
      // The hot path: one plain multi-row INSERT, without Prisma's per-query compilation.
      const values = batch.map((_, index) => `($${index * 2 + 1}, $${index * 2 + 2})`).join(", ");
      await sql.query(`INSERT INTO "realtime_updates" ("room", "update") VALUES ${values}`, batch.flatMap(({ room, update }) => [room, update]));
    } catch (error) {
      // Keep order: the failed batch goes back in front of anything queued meanwhile.
      queue = [...batch, ...queue];
      inFlight = [];
      options.onError?.(error);
      retryDelay = Math.min(retryDelay * 2, options.maxRetryMs);
      return;
    }
    inFlight = [];
    retryDelay = options.retryMs;
    options.onWrite?.({ updates: batch.length, ms: performance.now() - started });
    for (const item of batch) item.resolve();
    for (const room of new Set(batch.map((item) => item.room))) {
      const rows = (logRowsSinceCompaction.get(room) ?? 0) + batch.filter((item) => item.room === room).length;
      logRowsSinceCompaction.set(room, rows);
      if (rows >= options.compactAfterUpdates && !compacting.has(room)) {
        logRowsSinceCompaction.set(room, 0);
        const run = compact(room)
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => compacting.delete(room));
        compacting.set(room, run);
      }
    }
  }

  /**
   * Folds log rows into the snapshot from the database alone, never from a process's memory,
   * so with several server processes no row another process wrote can be lost: one compaction
   * of a room at a time (an advisory lock), and only the rows it read are deleted. A row
   * committed later with a lower id (ids are taken before commit) stays in the log.
   */
  async function compact(room: string): Promise<void> {
    await sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${COMPACTION_LOCK_SPACE}, hashtext($1))`, [room]);
      const parts = await readParts(tx, room);
      const rows = parts.filter((part) => part.id !== null);
      if (rows.length === 0) return;
      const state = Y.mergeUpdates(parts.map((part) => fromHex(part.bytes)));
      const ids = rows.map((row) => row.id!);
      await tx.query(
        `INSERT INTO "realtime_snapshots" ("room", "state", "through_id", "updated_at") VALUES ($1, decode($2, 'hex'), $3, now() AT TIME ZONE 'UTC')
         ON CONFLICT ("room") DO UPDATE SET "state" = EXCLUDED."state", "through_id" = EXCLUDED."through_id", "updated_at" = EXCLUDED."updated_at"`,
        [room, toHex(state), ids.at(-1)],
      );
      await tx.query(`DELETE FROM "realtime_updates" WHERE "room" = $1 AND "id" = ANY(string_to_array($2, ',')::bigint[])`, [room, ids.join(",")]);
    });
  }

  const merge = (parts: { bytes: string }[]) => (parts.length === 0 ? new Uint8Array() : Y.mergeUpdates(parts.map((part) => fromHex(part.bytes))));

  return {
    async read(room) {
      return merge(await readParts(sql, room));
    },
    async load(room) {
      const parts = await readParts(sql, room);
      logRowsSinceCompaction.set(room, parts.filter((part) => part.id !== null).length);
      return merge(parts);
    },
    append(room, update) {
      if (closed) return Promise.reject(new Error("The update store is closed."));
      let resolve = () => {};
      const stored = new Promise<void>((done) => (resolve = done));
      queue.push({ room, update, resolve, stored });
      schedule(options.batchMs);
      return stored;
    },
    async flush(room) {
      if (room !== undefined) {
        const mine = [...inFlight, ...queue].filter((item) => item.room === room).map((item) => item.stored);
        if (mine.length === 0) return;
        // Someone waits on this room now: end its batching window (a failed write keeps its backoff).
        if (timer && retryDelay === options.retryMs) {
          clearTimeout(timer);
          timer = undefined;
          schedule(0);
        }
        await Promise.all(mine);
        return;
      }
      while (queue.length > 0 || writing || timer) {
        if (timer) {
          clearTimeout(timer);
          timer = undefined;
        }
        if (!writing) writing = writeBatch().finally(() => (writing = undefined));
        await writing;
        if (queue.length > 0) await new Promise((resolve) => setTimeout(resolve, retryDelay));
      }
      await Promise.all(compacting.values());
    },
    async close() {
      await this.flush();
      closed = true;
    },
    pendingCount: () => queue.length + inFlight.length,
    pendingByRoom() {
      const counts = new Map<string, number>();
      for (const { room } of [...inFlight, ...queue]) counts.set(room, (counts.get(room) ?? 0) + 1);
      return counts;
    },
  };
}
