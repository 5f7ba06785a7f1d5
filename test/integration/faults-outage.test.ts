import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { connectEditor, entryIds, type Editor } from "../faults/editor.ts";
import { faultsMode } from "../faults/mode.ts";
import { createRoomFixture } from "../faults/room-fixture.ts";
import { faultsSeed, seededRandom } from "../faults/seeded-random.ts";
import { readStoredRoom } from "../faults/stored-room.ts";
import { startTcpProxy, type TcpProxy } from "../faults/tcp-proxy.ts";
import { eventually } from "./app-process.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { readMetrics, startRealtime, type RealtimeHarness } from "./realtime-harness.ts";

const postgres = backends.find((backend) => backend.name === "postgres");
const redisUrl = process.env.REDIS_URL;
/** Each of the 20 editors writes a highlight or a comment this often: about 40 edits a second in all. */
const EDIT_INTERVAL_MS = 500;

const union = (sets: Iterable<Set<string>>) => new Set([...sets].flatMap((set) => [...set]));
const until = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

/*
 * Outages are made with TCP proxies of this test's own in front of PostgreSQL and Redis: the
 * machine's real services, which other work uses, never stop. The servers run in this process
 * (two of them, sharing PostgreSQL and relaying through Redis, when REDIS_URL is set).
 */
describe.runIf(postgres)(`faults: PostgreSQL and Redis outages under ${faultsMode.outageClients} editors (${faultsMode.name} mode)${postgres ? "" : " (skipped: DATABASE_URL is not set)"}`, () => {
  const seed = faultsSeed();
  const random = seededRandom(seed);
  let storage: TestStorage;
  let database: Database;
  let databaseProxy: TcpProxy;
  let redisProxy: TcpProxy | undefined;
  const serverDatabases: Database[] = [];
  const servers: RealtimeHarness[] = [];
  const editors: Editor[] = [];
  let fixture: Awaited<ReturnType<typeof createRoomFixture>>;

  const written = () => union(editors.map((editor) => editor.written));
  const closes = () => editors.reduce((sum, editor) => sum + editor.closes(), 0);
  const metric = async (name: string) => Promise.all(servers.map(async (server) => (await readMetrics(server.url)).get(name) ?? 0));

  /** Stops the editors, waits until every one holds every entry anyone wrote, then compares storage with them. */
  async function expectConvergedAndStored() {
    for (const editor of editors) editor.stop();
    const all = written();
    await eventually("every editor holds every entry anyone wrote", () => editors.every((editor) => entryIds(editor.doc).size === all.size), 60_000);
    await eventually("nothing is waiting to be stored", async () => (await metric("marginalia_realtime_pending_writes")).every((count) => count === 0), 30_000);
    const stored = await readStoredRoom(database, fixture.documentId);
    expect(stored.ids).toEqual(all);
    for (const editor of editors) {
      expect(readAnnotations(editor.doc)).toEqual(readAnnotations(stored.doc));
      expect(readComments(editor.doc)).toEqual(readComments(stored.doc));
    }
    // With two processes, each rebuilds the room's rows after the outage from its own copy: a
    // rebuild must leave alone the rows of entries its copy has not received yet.
    await eventually("the projection caught up", async () => (await readStoredRoom(database, fixture.documentId)).projectedIds.size === all.size, 30_000);
    return all.size;
  }

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(postgres!));
    fixture = await createRoomFixture(database, faultsMode.outageClients, "outage");
    databaseProxy = await startTcpProxy(new URL(storage.databaseUrl!), 5432);
    if (redisUrl) redisProxy = await startTcpProxy(new URL(redisUrl), 6379);
    const prefix = `marginalia:faults-${randomBytes(4).toString("hex")}`;
    for (let index = 0; index < (redisProxy ? 2 : 1); index++) {
      const serverDatabase = await openDatabase({ databaseUrl: databaseProxy.url, dataDir: null });
      serverDatabases.push(serverDatabase);
      servers.push(await startRealtime(serverDatabase, { redisUrl: redisProxy?.url, rateLimitKeyPrefix: prefix }));
    }
    editors.push(...fixture.people.map((person, index) => connectEditor(servers[index % servers.length]!.wsUrl, fixture.documentId, fixture.text, person)));
    await Promise.all(editors.map((editor) => editor.synced()));
  });
  afterAll(async () => {
    for (const editor of editors) editor.destroy();
    await databaseProxy?.restore().catch(() => {});
    await redisProxy?.restore().catch(() => {});
    for (const server of servers) await server.close();
    for (const serverDatabase of serverDatabases) await serverDatabase.close();
    await database?.close();
    await storage?.destroy();
  });

  it(`PostgreSQL down ${faultsMode.outageMs / 1000} s: editors keep their connections and their edits, others see them once stored, and all are stored after`, async () => {
    for (const editor of editors) editor.start(EDIT_INTERVAL_MS, random);
    await eventually("every editor received someone else's edit", () => editors.every((editor) => editor.received.size > 0), 30_000);
    const closesBefore = closes();
    const errorsBefore = await metric("marginalia_realtime_storage_errors_total");

    await databaseProxy.cut();
    const cutAt = Date.now();
    const beforeCut = written();
    await eventually("every server failed to store", async () => (await metric("marginalia_realtime_storage_errors_total")).every((count, index) => count > errorsBefore[index]!), faultsMode.outageMs + 10_000);
    await until(cutAt + faultsMode.outageMs);
    // What was written during the outage could not be stored, so no one else has seen it: a crash now would take nothing back that anyone saw.
    const duringOutage = [...written()].filter((id) => !beforeCut.has(id));
    expect(duringOutage.length).toBeGreaterThan(faultsMode.outageClients);
    expect(editors.flatMap((editor) => duringOutage.filter((id) => editor.received.has(id)))).toEqual([]);
    expect((await metric("marginalia_realtime_pending_writes")).reduce((sum, count) => sum + count)).toBeGreaterThan(0);
    await databaseProxy.restore();
    const restoredAt = Date.now();

    const entries = await expectConvergedAndStored();
    expect(closes()).toBe(closesBefore);
    console.log(`faults outage postgres (${faultsMode.name}, seed ${seed}): down ${((restoredAt - cutAt) / 1000).toFixed(1)} s, all stored and converged ${((Date.now() - restoredAt) / 1000).toFixed(1)} s later, ${editors.length} editors on ${servers.length} process(es), ${duringOutage.length} edits made while down, ${entries} entries stored, 0 lost, 0 connections dropped`);
  }, faultsMode.outageMs + 150_000);

  it.runIf(redisUrl)(`Redis down ${faultsMode.outageMs / 1000} s between two processes: each process's editors keep seeing each other, the other process's edits arrive when Redis is back, all stored`, async () => {
    for (const editor of editors) editor.start(EDIT_INTERVAL_MS, random);
    const sides = servers.map((_, side) => editors.filter((__, index) => index % servers.length === side));
    const closesBefore = closes();

    await redisProxy!.cut();
    const cutAt = Date.now();
    const beforeCut = written();
    // In one process, edits still go from one editor to the others: Redis only links processes.
    const probe = sides[0]![0]!.edit(random);
    await eventually("an editor on the same process received an edit made during the outage", () => sides[0]![1]!.received.has(probe), 10_000);
    await until(cutAt + faultsMode.outageMs);
    const duringOutage = (side: Editor[]) => new Set([...union(side.map((editor) => editor.written))].filter((id) => !beforeCut.has(id)));
    const [fromFirst, fromSecond] = [duringOutage(sides[0]!), duringOutage(sides[1]!)];
    expect(fromFirst.size).toBeGreaterThan(0);
    expect(fromSecond.size).toBeGreaterThan(0);
    // Between processes, nothing of the outage's edits passed.
    expect(sides[1]!.flatMap((editor) => [...fromFirst].filter((id) => editor.received.has(id)))).toEqual([]);
    expect(sides[0]!.flatMap((editor) => [...fromSecond].filter((id) => editor.received.has(id)))).toEqual([]);
    await redisProxy!.restore();
    const restoredAt = Date.now();

    const entries = await expectConvergedAndStored();
    expect(closes()).toBe(closesBefore);
    console.log(`faults outage redis (${faultsMode.name}, seed ${seed}): down ${((restoredAt - cutAt) / 1000).toFixed(1)} s, all stored and converged ${((Date.now() - restoredAt) / 1000).toFixed(1)} s later, ${editors.length} editors on 2 processes, ${fromFirst.size + fromSecond.size} edits made while down, ${entries} entries stored, 0 lost, 0 connections dropped`);
  }, faultsMode.outageMs + 150_000);
});
