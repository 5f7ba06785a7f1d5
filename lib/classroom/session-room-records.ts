import * as Y from "yjs";
import type { AppContext } from "@/lib/app-context.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";

/** What classroom domain functions need of the realtime server. */
export type SessionRealtime = Pick<AppContext["realtime"], "state" | "change" | "accessChanged" | "forgetSession">;

export type RoomRecords = { annotations: AnnotationRecord[]; comments: CommentRecord[] };

/** One room's entries as plain records (valid entries only, in reading order). */
export async function readRoomRecords(realtime: Pick<SessionRealtime, "state">, room: string): Promise<RoomRecords> {
  const doc = new Y.Doc();
  try {
    const state = await realtime.state(room);
    // A room never written to is stored as no bytes at all, which is not a Yjs update.
    if (state.byteLength > 0) Y.applyUpdate(doc, state);
    return { annotations: readAnnotations(doc), comments: readComments(doc) };
  } finally {
    doc.destroy();
  }
}

/**
 * Many rooms at once (a class is up to 150), a few at a time: each read may load a room from
 * the database, and a dashboard refresh must not take every connection of the pool.
 */
export async function readManyRooms(realtime: Pick<SessionRealtime, "state">, rooms: readonly string[], concurrency = 8): Promise<RoomRecords[]> {
  const results: RoomRecords[] = new Array(rooms.length);
  let next = 0;
  async function worker() {
    while (next < rooms.length) {
      const index = next++;
      results[index] = await readRoomRecords(realtime, rooms[index]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, rooms.length) }, worker));
  return results;
}
