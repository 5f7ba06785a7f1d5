import * as Y from "yjs";
import type { Database } from "@/lib/db/database.ts";
import { createUpdateStore, DEFAULT_UPDATE_STORE_OPTIONS } from "@/server/realtime/update-store.ts";
import { entryIds } from "./editor.ts";

/**
 * A room as storage holds it, read the way a server loads it (snapshot plus log), and the ids
 * in its relational projection: what a crash or an outage may not have lost or garbled.
 */
export async function readStoredRoom(database: Database, room: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await createUpdateStore(database, DEFAULT_UPDATE_STORE_OPTIONS).read(room));
  const annotations = await database.sql.query<{ id: string }>(`SELECT "id" FROM "annotations" WHERE "document_id" = $1`, [room]);
  const comments = await database.sql.query<{ id: string }>(
    `SELECT c."id" FROM "annotation_comments" c JOIN "annotations" a ON a."id" = c."annotation_id" WHERE a."document_id" = $1`,
    [room],
  );
  return { doc, ids: entryIds(doc), projectedIds: new Set([...annotations, ...comments].map((row) => row.id)) };
}
