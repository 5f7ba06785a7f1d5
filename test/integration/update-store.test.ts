import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createUpdateStore, DEFAULT_UPDATE_STORE_OPTIONS } from "@/server/realtime/update-store.ts";
import { backends, useMigratedDatabase } from "./databases.ts";

/** Updates of a doc that gains one map entry per step. */
function updates(count: number): { list: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const list: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => list.push(update));
  for (let index = 0; index < count; index++) doc.getMap("m").set(`k${index}`, index);
  return { list, doc };
}

describe.each(backends)("realtime update store on $name", (backend) => {
  const fixture = useMigratedDatabase(backend);

  it("groups writes, folds the log into a snapshot past the threshold, and loads the same state", async () => {
    const { database } = fixture;
    const store = createUpdateStore(database, { ...DEFAULT_UPDATE_STORE_OPTIONS, compactAfterUpdates: 50 });
    const { list, doc } = updates(230);
    await Promise.all(list.map((update) => store.append("room-a", update)));
    await store.flush();
    const snapshot = await database.prisma.realtimeSnapshot.findUnique({ where: { room: "room-a" } });
    expect(snapshot).not.toBeNull();
    expect(await database.prisma.realtimeUpdate.count({ where: { room: "room-a" } })).toBeLessThan(50);

    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, await store.load("room-a"));
    expect(loaded.getMap("m").toJSON()).toEqual(doc.getMap("m").toJSON());
    expect(await store.load("never-written")).toHaveLength(0);
    await store.close();
  });

  it("keeps updates while the database refuses writes, and stores them once it accepts again", async () => {
    const { database } = fixture;
    const errors: unknown[] = [];
    const store = createUpdateStore(database, { ...DEFAULT_UPDATE_STORE_OPTIONS, retryMs: 20, maxRetryMs: 100, onError: (error) => errors.push(error) });
    // A real failure: the table is gone for a moment.
    await database.sql.exec(`ALTER TABLE "realtime_updates" RENAME TO "realtime_updates_away"`);
    const { list, doc } = updates(5);
    const stored = Promise.all(list.map((update) => store.append("room-b", update)));
    await expect.poll(() => errors.length, { timeout: 5_000 }).toBeGreaterThan(1);
    expect(store.pendingCount()).toBe(5);
    await database.sql.exec(`ALTER TABLE "realtime_updates_away" RENAME TO "realtime_updates"`);
    await stored;
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, await store.load("room-b"));
    expect(loaded.getMap("m").toJSON()).toEqual(doc.getMap("m").toJSON());
    expect(await database.prisma.realtimeUpdate.count({ where: { room: "room-b" } })).toBe(5);
    await store.close();
  });
});
