import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/database.ts";
import { PGlite } from "@electric-sql/pglite";
import { BackendMessageTracker } from "@/lib/db/local-socket/backend-message-tracker.ts";
import { PgliteSessionQueue } from "@/lib/db/local-socket/pglite-session-queue.ts";
import { localSocketDir, localSocketPath, localSocketUrl, readLocalSocketInfo } from "@/lib/db/local-socket/local-socket-address.ts";

/** A frontend message: type byte, length, body. */
function frontend(type: string, ...parts: (string | number[])[]): Buffer {
  const body = Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(`${part}\0`) : Buffer.from(part))));
  const header = Buffer.alloc(5);
  header.write(type, 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function messageTypes(bytes: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 0; offset + 5 <= bytes.length; offset += 1 + bytes.readInt32BE(offset + 1)) types.push(String.fromCharCode(bytes[offset]!));
  return types;
}

const extendedQuery = () => [
  frontend("P", "", "SELECT 7 AS n", [0, 0]),
  frontend("B", "", "", [0, 0, 0, 0, 0, 0]),
  frontend("E", "", [0, 0, 0, 0]),
  frontend("S"),
];

describe("PgliteSessionQueue", () => {
  it("runs one client's messages in order even when they arrive while the app holds the session", async () => {
    const pglite = await PGlite.create();
    const queue = new PgliteSessionQueue(pglite);
    let releaseApp = () => {};
    let appInTransaction = false;
    const app = pglite.transaction(async () => {
      appInTransaction = true;
      await new Promise<void>((resolve) => (releaseApp = resolve));
    });
    await until(() => appInTransaction);
    const chunks: Buffer[] = [];
    // As pglite-socket's handler does when a second socket read comes in while the first waits.
    const answered = Promise.all(extendedQuery().map((message) => queue.enqueue(1, message, (chunk) => chunks.push(Buffer.from(chunk)))));
    releaseApp();
    await app;
    await answered;
    expect(messageTypes(Buffer.concat(chunks))).toEqual(["1", "2", "D", "C", "Z"]);
    await pglite.close();
    // Starting a WASM PostgreSQL takes most of this on a loaded machine.
  }, 90_000);
});

/**
 * The embedded database served on DATA_DIR/socket while the app uses it in-process: a wire
 * client's transaction must neither see nor swallow the app's statements.
 */
describe("the embedded database on its local socket", () => {
  let dataDir: string;
  let database: Database;
  const clients: pg.Client[] = [];

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: localSocketUrl(dataDir) });
    client.on("error", () => {});
    await client.connect();
    clients.push(client);
    return client;
  }

  /** Resolves once `promise` settles, telling whether it did before `meanwhile` finished. */
  async function settledBefore(promise: Promise<unknown>, meanwhile: () => Promise<unknown>): Promise<boolean> {
    let settled = false;
    void promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    await meanwhile();
    return settled;
  }

  const appCount = async () => (await database.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM notes"))[0]!.n;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-sock-"));
    database = await openDatabase({ databaseUrl: undefined, dataDir, serveLocalSocket: true });
    await database.sql.exec("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)");
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("is reachable by its owner only and recorded next to the lock", () => {
    expect(database.localSocket).toEqual({ served: true, path: localSocketPath(dataDir) });
    expect(fs.statSync(localSocketDir(dataDir)).mode & 0o777).toBe(0o700);
    const socket = fs.statSync(localSocketPath(dataDir));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
    expect(readLocalSocketInfo(dataDir)).toMatchObject({ pid: process.pid, socket: localSocketPath(dataDir) });
    expect(readLocalSocketInfo(dataDir)?.psql).toContain(`host=${localSocketDir(dataDir)} port=5432`);
  });

  it("answers simple and extended-protocol queries, and the app sees committed rows at once", async () => {
    const client = await connect();
    expect((await client.query("SELECT $1::int + 1 AS n", [41])).rows).toEqual([{ n: 42 }]);
    await client.query("INSERT INTO notes (body) VALUES ($1)", ["from the socket"]);
    expect(await appCount()).toBe(1);
  });

  it("keeps the app and other clients out of a client's open transaction, and them out of its", async () => {
    const first = await connect();
    const second = await connect();
    await first.query("BEGIN");
    await first.query("INSERT INTO notes (body) VALUES ('uncommitted')");
    const appRead = appCount();
    const otherRead = second.query<{ n: number }>("SELECT count(*)::int AS n FROM notes");
    // Several round trips of the open transaction go by while both reads wait their turn.
    const waited = await settledBefore(Promise.race([appRead, otherRead]), async () => {
      for (let i = 0; i < 5; i++) await first.query("SELECT count(*) FROM notes");
    });
    expect(waited).toBe(false);
    await first.query("ROLLBACK");
    // Had the reads slipped into the transaction, they would have counted the uncommitted row.
    expect(await appRead).toBe(1);
    expect((await otherRead).rows[0]!.n).toBe(1);
  });

  it("serves a client whose Parse and Sync arrive in separate reads while the app holds the session", async () => {
    const socket = net.connect(localSocketPath(dataDir));
    const tracker = new BackendMessageTracker();
    let received = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      tracker.push(chunk);
      received = Buffer.concat([received, chunk]);
    });
    const startupBody = Buffer.from("user\0postgres\0database\0postgres\0\0");
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + startupBody.length, 0);
    startup.writeInt32BE(196_608, 4);
    socket.write(Buffer.concat([startup, startupBody]));
    await until(() => tracker.idle);

    let releaseApp = () => {};
    let appInTransaction = false;
    const appTransaction = database.sql.transaction(async (tx) => {
      appInTransaction = true;
      await new Promise<void>((resolve) => (releaseApp = resolve));
      await tx.query("SELECT 1");
    });
    await until(() => appInTransaction);
    const afterStartup = received.length;
    const write = (bytes: Buffer) => new Promise<void>((resolve) => socket.write(bytes, () => resolve()));
    const [parse, bind, execute, sync] = extendedQuery();
    await write(Buffer.concat([parse!, bind!, execute!]));
    // Let the server read the first batch (it waits for the session) before the Sync arrives.
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    await write(sync!);
    releaseApp();
    await appTransaction;
    await until(() => tracker.idle && received.length > afterStartup);
    // ParseComplete, BindComplete, DataRow, CommandComplete, ReadyForQuery: in order, no error.
    expect(messageTypes(received.subarray(afterStartup))).toEqual(["1", "2", "D", "C", "Z"]);
    socket.destroy();
  });

  it("rolls back and frees the session when a client vanishes mid-transaction", async () => {
    const client = await connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO notes (body) VALUES ('abandoned')");
    await client.query("SET search_path TO pg_catalog");
    const appRead = appCount();
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect(await appRead).toBe(1);
    // Its SET went with it: the app still finds its tables.
    expect((await database.sql.query<{ path: string }>("SELECT current_setting('search_path') AS path"))[0]!.path).toContain("public");
  });

  it("rolls back a transaction the server stops in the middle of, then closes", async () => {
    const client = await connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO notes (body) VALUES ('cut off')");
    await database.close();
    expect(fs.existsSync(localSocketPath(dataDir))).toBe(false);
    expect(readLocalSocketInfo(dataDir)).toBeNull();
    database = await openDatabase({ databaseUrl: undefined, dataDir });
    expect(await appCount()).toBe(1);
  });
});
