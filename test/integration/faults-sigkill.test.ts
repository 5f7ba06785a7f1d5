import { describe, it } from "vitest";
import { connectEditor, entryIds, type Editor } from "../faults/editor.ts";
import { faultsMode } from "../faults/mode.ts";
import { startRealtimeProcess, stopProcess, type RealtimeProcess } from "../faults/realtime-process.ts";
import { createRoomFixture } from "../faults/room-fixture.ts";
import { faultsSeed, seededRandom } from "../faults/seeded-random.ts";
import { readStoredRoom } from "../faults/stored-room.ts";
import { within } from "../faults/within.ts";
import { eventually } from "./app-process.ts";
import { backends, openMigrated } from "./databases.ts";

const EDITORS = 4;
/** Each editor writes a highlight or a comment this often: about 80 edits a second in all. */
const EDIT_INTERVAL_MS = 50;
/** A wide group-commit window, so most kills land with updates accepted and not yet stored. */
const BATCH_MS = 40;
/** A kill comes once the editors have received between MIN and MIN + SPREAD more relayed entries (a random moment). */
const MIN_RECEIVED = 5;
const SPREAD = 60;

const union = (sets: Iterable<Set<string>>) => new Set([...sets].flatMap((set) => [...set]));

/*
 * What is guaranteed (docs/realtime.md, "Durability"): the server relays an update to other
 * clients only once it is stored. So after a kill -9, everything any client had received from
 * another is in storage. That is checked after each kill, before the editors reconnect (they
 * would repair a loss by sending their documents again): a fresh client loads the room from the
 * restarted server. What the killed process had accepted and not stored was seen by its sender
 * only, which keeps it and sends it again on reconnecting: at the end, with everyone back,
 * storage holds every edit anyone made, and the projection matches it.
 */
// The two storage paths run side by side (each test its own server process and storage).
describe.concurrent.each(backends)("faults: SIGKILL loop on $name", (backend) => {
  it(`loses nothing anyone received and corrupts nothing through ${faultsMode.kills} kills (${faultsMode.name} mode)`, async ({ expect }) => {
    const seed = faultsSeed();
    const random = seededRandom(seed);
    const { storage, database } = await openMigrated(backend);
    const fixture = await createRoomFixture(database, EDITORS, "sigkill");
    // The server process owns the storage from now on (PGlite allows one process per folder).
    await database.close();

    const editors: Editor[] = [];
    let server: RealtimeProcess | undefined;
    const started = Date.now();
    const restarts: number[] = [];
    let checked = 0;
    try {
      server = await within(120_000, "the server started", startRealtimeProcess(storage, 0, BATCH_MS));
      editors.push(...fixture.people.map((person) => connectEditor(server!.wsUrl, fixture.documentId, fixture.text, person)));
      for (let kill = 1; kill <= faultsMode.kills; kill++) {
        await within(60_000, "every editor synced", Promise.all(editors.map((editor) => editor.synced())));
        for (const editor of editors) editor.start(EDIT_INTERVAL_MS, random);
        const target = union(editors.map((editor) => editor.received)).size + MIN_RECEIVED + Math.floor(random() * SPREAD);
        await eventually(`the editors received ${target} entries`, () => union(editors.map((editor) => editor.received)).size >= target, 60_000);
        await stopProcess(server.child, "SIGKILL");
        const received = union(editors.map((editor) => editor.received));
        for (const editor of editors) {
          editor.stop();
          editor.provider.disconnect();
        }

        const restarting = Date.now();
        server = await within(120_000, "the server restarted", startRealtimeProcess(storage, server.port, BATCH_MS));
        restarts.push(Date.now() - restarting);
        // The room as the restarted server loads it from storage, before anyone could send it again.
        const probe = connectEditor(server.wsUrl, fixture.documentId, fixture.text, fixture.owner);
        await within(60_000, "the room loaded after the kill", probe.synced());
        const stored = entryIds(probe.doc);
        probe.destroy();
        expect([...received].filter((id) => !stored.has(id)), `seed ${seed}, kill ${kill}: entries someone had received, missing after the kill`).toEqual([]);
        checked += received.size;
        for (const editor of editors) editor.provider.connect();
      }

      // Back for good: the editors converge on everything anyone wrote.
      const written = union(editors.map((editor) => editor.written));
      await eventually("every editor holds every entry anyone wrote", () => editors.every((editor) => entryIds(editor.doc).size === written.size), 60_000);
      // A clean stop stores what is pending and brings the projection up to date.
      expect(await within(60_000, "the server stopped", stopProcess(server.child, "SIGTERM"))).toEqual({ code: 0, signal: null });
      server = undefined;

      // The storage opens cleanly, the room loads, and the projection matches the Yjs state.
      const reopened = await storage.open();
      const stored = await readStoredRoom(reopened, fixture.documentId).finally(() => reopened.close());
      expect(stored.ids).toEqual(written);
      expect([...stored.projectedIds].sort()).toEqual([...stored.ids].sort());
      const restartSeconds = restarts.map((ms) => ms / 1000);
      console.log(
        `faults sigkill ${backend.name} (${faultsMode.name}, seed ${seed}): ${faultsMode.kills} kills survived, 0 updates lost ` +
          `(${checked} entry checks: every entry received before each kill, looked up after it), ${written.size} entries written by ${EDITORS} editors, all stored; ` +
          `restart ${Math.min(...restartSeconds).toFixed(1)}-${Math.max(...restartSeconds).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      for (const editor of editors) editor.destroy();
      if (server) await stopProcess(server.child, "SIGKILL");
      await storage.destroy();
    }
  }, faultsMode.kills * 60_000 + 180_000);
});
