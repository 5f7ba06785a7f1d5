// The benchmark's clients, in a process of their own so that the server's process measures only
// the server. Started by bench/realtime.ts with an IPC channel: it receives one `ClientsJob`,
// connects the writers and the observer, says when they are all synced (the server's figures
// start there), runs the workload and answers with a `ClientsResult`.
import { randomUUID } from "node:crypto";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";

export type ClientsJob = {
  url: string;
  room: string;
  /** One per writer; the observer connects with the first. Empty strings connect without a token. */
  tokens: string[];
  authors: { id: string; name: string }[];
  updatesPerClient: number;
  intervalMs: number;
  /** The article's canonical text, to anchor annotations on. */
  text: string;
};

export type ClientsResult = {
  /** From each write to the observer seeing it, in ms (clock of this process). */
  broadcastMs: number[];
  /** From the first write to the observer having seen every write. */
  seconds: number;
};

/** What this process tells its parent: that every client is connected and synced, then the result. */
export type ClientsMessage = { type: "ready" } | ({ type: "result" } & ClientsResult);

function connect(job: ClientsJob, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(job.url, job.room, doc, { WebSocketPolyfill: WebSocket as never, params: token ? { token } : {}, disableBc: true });
  return { doc, provider, synced: new Promise<void>((resolve) => provider.once("sync", () => resolve())) };
}

async function run(job: ClientsJob): Promise<ClientsResult> {
  const textLength = codePointLength(job.text);
  const observer = connect(job, job.tokens[0]!);
  const writers = job.authors.map((_, index) => connect(job, job.tokens[index]!));
  await Promise.all([observer.synced, ...writers.map((writer) => writer.synced)]);
  process.send!({ type: "ready" } satisfies ClientsMessage);

  const sentAt = new Map<string, number>();
  const broadcastMs: number[] = [];
  const total = writers.length * job.updatesPerClient;
  const allSeen = new Promise<void>((resolve) => {
    observer.doc.getMap("annotations").observe((event) => {
      const now = performance.now();
      for (const key of event.keysChanged) {
        const started = key ? sentAt.get(key) : undefined;
        if (started !== undefined) {
          broadcastMs.push(now - started);
          sentAt.delete(key!);
        }
      }
      if (broadcastMs.length >= total) resolve();
    });
  });

  const began = performance.now();
  await Promise.all(
    writers.map(async (writer, index) => {
      const author = job.authors[index]!;
      for (let update = 0; update < job.updatesPerClient; update++) {
        const start = Math.floor(Math.random() * (textLength - 20));
        const id = randomUUID();
        const now = Date.now();
        sentAt.set(id, performance.now());
        writeAnnotation(writer.doc, {
          id, ...textQuoteAnchor(job.text, start, start + 12), tag: "propaganda", technique: null, authorId: author.id, authorName: author.name,
          createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
        });
        await new Promise((resolve) => setTimeout(resolve, job.intervalMs));
      }
    }),
  );
  await allSeen;
  const seconds = (performance.now() - began) / 1000;
  for (const client of [observer, ...writers]) client.provider.destroy();
  return { broadcastMs, seconds };
}

if (!process.send) throw new Error("bench/realtime-clients.ts is started by bench/realtime.ts, with an IPC channel.");
process.once("message", (job: ClientsJob) => {
  run(job).then(
    (result) => process.send!({ type: "result", ...result } satisfies ClientsMessage, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
