// A load generator: stock y-websocket clients (WebsocketProvider), each from its own loopback
// address and with its own API token, in a process apart from the server. bench/realtime.ts
// starts several and drives them over IPC, in steps every generator takes together:
//
//   child  → { type: "ready" }     once loaded (tsx takes seconds; that is not connect time)
//   parent → { type: "job" }      connect every client; answer { type: "synced" } once all are
//   parent → { type: "write" }    writers create one highlight each per interval for the duration;
//                                 answer { type: "written", writes }
//   parent → { type: "drain" }    wait until every client holds `total` highlights (bounded);
//                                 answer { type: "result" } with the fan-out samples
//   parent → { type: "stop" }     disconnect and exit
import { randomUUID } from "node:crypto";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";

export type BenchClient = { room: string; token: string; localAddress: string; writer: boolean; authorId: string; authorName: string };

export type ClientsJob = {
  /** ws://127.0.0.1:<port>/realtime */
  url: string;
  clients: BenchClient[];
  /** The article's canonical text, to anchor highlights on. */
  text: string;
  /** Highlights each writer creates per second. */
  writesPerSecond: number;
  durationMs: number;
  /** How long connecting may take before the run is abandoned. */
  connectTimeoutMs: number;
};

export type ParentMessage = ({ type: "job" } & ClientsJob) | { type: "write" } | { type: "drain"; total: number; timeoutMs: number } | { type: "stop" };

export type ChildMessage =
  | { type: "ready" }
  /** `connectMs` of the clients that synced within the connect timeout; `unsynced` the others. */
  | { type: "synced"; connectMs: number[]; unsynced: number }
  | { type: "written"; writes: number }
  | { type: "result"; fanOutMs: number[]; missing: number };

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

type Connected = { doc: Y.Doc; provider: WebsocketProvider; client: BenchClient; fanOutMs: number[] };

/** A WebSocket class that binds every socket it opens to one loopback address. */
function boundTo(localAddress: string) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  };
}

function connect(job: ClientsJob, client: BenchClient): { connected: Connected; synced: Promise<number> } {
  const started = performance.now();
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(job.url, client.room, doc, { WebSocketPolyfill: boundTo(client.localAddress) as never, params: { token: client.token }, disableBc: true });
  const connected: Connected = { doc, provider, client, fanOutMs: [] };
  // Fan-out: from the writer creating a highlight (its createdAt, wall clock shared by every
  // process on this machine) to this client holding it. A client's own writes are not counted.
  doc.getMap("annotations").observe((event) => {
    if (event.transaction.local) return;
    const now = Date.now();
    for (const key of event.keysChanged) {
      const entry = doc.getMap("annotations").get(key);
      const createdAt = entry instanceof Y.Map ? entry.get("createdAt") : undefined;
      if (typeof createdAt === "number") connected.fanOutMs.push(now - createdAt);
    }
  });
  const synced = new Promise<number>((resolve) => provider.once("sync", () => resolve(performance.now() - started)));
  return { connected, synced };
}

async function write(job: ClientsJob, clients: Connected[]): Promise<number> {
  const textLength = codePointLength(job.text);
  const writers = clients.filter((connected) => connected.client.writer);
  const interval = 1000 / job.writesPerSecond;
  const rounds = Math.max(1, Math.round((job.durationMs / 1000) * job.writesPerSecond));
  let writes = 0;
  await Promise.all(
    writers.map(async (writer) => {
      // Writers start spread over one interval, as people do, not all in the same millisecond.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * interval));
      const began = performance.now();
      for (let round = 0; round < rounds; round++) {
        const start = Math.floor(Math.random() * (textLength - 20));
        const now = Date.now();
        writeAnnotation(writer.doc, {
          id: randomUUID(), ...textQuoteAnchor(job.text, start, start + 12), tag: "propaganda", technique: null,
          authorId: writer.client.authorId, authorName: writer.client.authorName,
          createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
        });
        writes++;
        // On schedule rather than after a fixed pause, so a slow tick does not lower the rate.
        const next = began + (round + 1) * interval - performance.now();
        if (next > 0) await new Promise((resolve) => setTimeout(resolve, next));
      }
    }),
  );
  return writes;
}

/** Resolves once every client holds `total` highlights, or after `timeoutMs`; returns how many are missing. */
function drain(clients: Connected[], total: number, timeoutMs: number): Promise<number> {
  const missing = () => clients.reduce((sum, connected) => sum + Math.max(0, total - connected.doc.getMap("annotations").size), 0);
  return new Promise((resolve) => {
    const deadline = performance.now() + timeoutMs;
    const check = () => {
      const left = missing();
      if (left === 0 || performance.now() > deadline) resolve(left);
      else setTimeout(check, 50);
    };
    check();
  });
}

// Every WebsocketProvider adds a process "exit" listener to close its socket: hundreds here, by design.
process.setMaxListeners(0);

let job: ClientsJob | undefined;
let clients: Connected[] = [];
if (!process.send) throw new Error("bench/realtime-clients.ts is started by bench/realtime.ts, with an IPC channel.");
process.on("message", (message: ParentMessage) => {
  const step = async () => {
    switch (message.type) {
      case "job": {
        job = message;
        const started = job.clients.map((client) => connect(job!, client));
        clients = started.map(({ connected }) => connected);
        // A server that cannot take them all in time is a result, not a crash: say how many synced.
        const connectMs: number[] = [];
        const all = Promise.all(started.map(({ synced }) => synced.then((ms) => connectMs.push(ms))));
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, message.connectTimeoutMs)))]);
        clearTimeout(timer);
        await send({ type: "synced", connectMs: [...connectMs], unsynced: started.length - connectMs.length });
        return;
      }
      case "write":
        await send({ type: "written", writes: await write(job!, clients) });
        return;
      case "drain": {
        // Workloads that write put every client in one room: each must end up with every highlight.
        const missing = await drain(clients, message.total, message.timeoutMs);
        await send({ type: "result", fanOutMs: clients.flatMap((connected) => connected.fanOutMs), missing });
        return;
      }
      case "stop":
        for (const connected of clients) connected.provider.destroy();
        process.exit(0);
    }
  };
  step().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
void send({ type: "ready" });
