import * as Y from "yjs";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { SqlExecutor } from "@/lib/db/sql.ts";

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

type Pending = { room: string; update: Uint8Array; resolve: () => void };

export type UpdateStore = {
  /** The room's state: its snapshot plus every log row after it, merged. Empty when new. */
  load(room: string): Promise<Uint8Array>;
  /** Queues an update; resolves once it is committed (retrying until then). */
  append(room: string, update: Uint8Array): Promise<void>;
  /** Resolves when everything queued so far is committed. */
  flush(): Promise<void>;
  /** Commits what is queued, then stops accepting writes. */
  close(): Promise<void>;
  pendingCount(): number;
};

/**
 * Durable storage for Yjs rooms: an append-only log written with group commit (one INSERT for
 * all updates that arrive within `batchMs`), folded into a snapshot past a threshold. A failed
 * write keeps the updates queued and retries with backoff; nothing accepted is dropped.
 */
export function createUpdateStore(
  database: { prisma: PrismaClient; sql: SqlExecutor },
  options: UpdateStoreOptions = DEFAULT_UPDATE_STORE_OPTIONS,
): UpdateStore {
  const { prisma, sql } = database;
  let queue: Pending[] = [];
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
      writing = writeBatch().finally(() => {
        writing = undefined;
        if (queue.length > 0) schedule(retryDelay > options.retryMs ? retryDelay : options.batchMs);
      });
    }, delay);
  }

  async function writeBatch(): Promise<void> {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const started = performance.now();
    try {
      // The hot path: one plain multi-row INSERT, without Prisma's per-query compilation.
      const values = batch.map((_, index) => `($${index * 2 + 1}, $${index * 2 + 2})`).join(", ");
      await sql.query(`INSERT INTO "realtime_updates" ("room", "update") VALUES ${values}`, batch.flatMap(({ room, update }) => [room, update]));
    } catch (error) {
      // Keep order: the failed batch goes back in front of anything queued meanwhile.
      queue = [...batch, ...queue];
      options.onError?.(error);
      retryDelay = Math.min(retryDelay * 2, options.maxRetryMs);
      return;
    }
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
   * so with several server processes no row another process wrote can be lost.
   */
  async function compact(room: string): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const snapshot = await tx.realtimeSnapshot.findUnique({ where: { room } });
      const rows = await tx.realtimeUpdate.findMany({
        where: { room, id: { gt: snapshot?.throughId ?? 0n } },
        orderBy: { id: "asc" },
      });
      const last = rows.at(-1);
      if (!last) return;
      const state = Y.mergeUpdates([...(snapshot ? [new Uint8Array(snapshot.state)] : []), ...rows.map((row) => new Uint8Array(row.update))]);
      await tx.realtimeSnapshot.upsert({
        where: { room },
        create: { room, state: state as Uint8Array<ArrayBuffer>, throughId: last.id },
        update: { state: state as Uint8Array<ArrayBuffer>, throughId: last.id },
      });
      await tx.realtimeUpdate.deleteMany({ where: { room, id: { lte: last.id } } });
    });
  }

  return {
    async load(room) {
      const snapshot = await prisma.realtimeSnapshot.findUnique({ where: { room } });
      const rows = await prisma.realtimeUpdate.findMany({
        where: { room, id: { gt: snapshot?.throughId ?? 0n } },
        orderBy: { id: "asc" },
        select: { update: true },
      });
      logRowsSinceCompaction.set(room, rows.length);
      const parts = [...(snapshot ? [new Uint8Array(snapshot.state)] : []), ...rows.map((row) => new Uint8Array(row.update))];
      return parts.length === 0 ? new Uint8Array() : Y.mergeUpdates(parts);
    },
    append(room, update) {
      if (closed) return Promise.reject(new Error("The update store is closed."));
      return new Promise<void>((resolve) => {
        queue.push({ room, update, resolve });
        schedule(options.batchMs);
      });
    },
    async flush() {
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
    pendingCount: () => queue.length,
  };
}
