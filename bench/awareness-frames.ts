// How many awareness frames the server sends when a room of N raw clients announce themselves
// and then all renew their presence (what y-protocols does every 15 s), counted at the clients.
// Unbatched fan-out costs N frames per change, N² per round; batched, a few per client.
//   npx tsx bench/awareness-frames.ts [clients=200]
// Prints one JSON line: frames and time for each phase.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocket } from "ws";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { openDatabase } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { createLogger } from "@/lib/logger.ts";
import { createRealtimeServer } from "@/server/realtime/create-realtime-server.ts";

const CLIENTS = Number(process.argv[2] ?? 200);
const AWARENESS = 1;

type RawClient = { socket: WebSocket; clientId: number; frames: number; clocks: Map<number, number> };

function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, AWARENESS);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(inner));
  return encoding.toUint8Array(frame);
}

function track(client: RawClient, data: Buffer) {
  const decoder = decoding.createDecoder(new Uint8Array(data));
  if (decoding.readVarUint(decoder) !== AWARENESS) return;
  client.frames++;
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const count = decoding.readVarUint(update);
  for (let index = 0; index < count; index++) {
    const id = decoding.readVarUint(update);
    const clock = decoding.readVarUint(update);
    decoding.readVarString(update);
    client.clocks.set(id, Math.max(clock, client.clocks.get(id) ?? 0));
  }
}

/** Resolves when every client has seen every client's state at `clock` or later. */
function everyoneSees(clients: RawClient[], clock: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (clients.every((client) => clients.every((other) => (client.clocks.get(other.clientId) ?? -1) >= clock))) resolve();
      else setTimeout(check, 5);
    };
    check();
  });
}

async function main() {
  const database = await openDatabase({ databaseUrl: undefined, dataDir: null });
  await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
  // A new account's workspace starts with a copy of the demo article: the room used here.
  await seedDemoDocument(database.prisma);
  const account = await signUp(database.prisma, { email: "bench@example.org", name: "Bench", password: "long enough password" });
  const { token } = await createApiToken(database.prisma, { userId: account.userId }, { name: "bench" });
  const documentId = (await database.prisma.document.findFirstOrThrow({ where: { workspaceId: account.workspaceId } })).id;
  const realtime = createRealtimeServer({
    prisma: database.prisma,
    sql: database.sql,
    logger: createLogger("silent"),
    authSecret: "bench-secret-bench-secret-bench-secret",
    publicUrl: undefined,
    allowedOrigins: [],
    limits: { connectionsPerMinutePerAddress: 100_000 },
  });
  const server = createServer((_, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => realtime.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/realtime/${documentId}?token=${token}`;

  const clients: RawClient[] = [];
  for (let index = 0; index < CLIENTS; index++) {
    const socket = new WebSocket(url);
    const client: RawClient = { socket, clientId: 10_000 + index, frames: 0, clocks: new Map() };
    socket.on("message", (data: Buffer) => track(client, data));
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    clients.push(client);
  }

  const phases: Record<string, { frames: number; ms: number }> = {};
  for (const [phase, clock] of [["announce", 1], ["renew", 2]] as const) {
    for (const client of clients) client.frames = 0;
    const started = performance.now();
    for (const client of clients) client.socket.send(awarenessFrame(client.clientId, clock, { selection: null, typing: null }));
    await everyoneSees(clients, clock);
    phases[phase] = { frames: clients.reduce((sum, client) => sum + client.frames, 0), ms: Math.round(performance.now() - started) };
  }
  console.log(JSON.stringify({ clients: CLIENTS, ...phases }));

  for (const client of clients) client.socket.close();
  await realtime.close();
  server.close();
  await database.close();
}

await main();
