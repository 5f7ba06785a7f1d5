import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import { readAnnotations } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { MessageType } from "@/server/realtime/messages.ts";
import { readCorpus } from "@/test/fuzz/corpus.ts";
import { countCase, fuzzMode, fuzzParameters, printCasesRun } from "@/test/fuzz/fuzz-settings.ts";
import { frameCases, type FrameCase } from "@/test/fuzz/realtime-frames.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { annotationOn, waitFor } from "./realtime-harness.ts";

/**
 * What a bad frame may earn: its connection closed with one of the realtime server's close
 * codes for a bad client (lib/realtime/close-codes.ts), or 1009 from the WebSocket layer for a
 * frame past the payload cap (it is refused before our code sees it). 4500 would mean our own
 * code threw: that is a bug, not an answer.
 */
const ANSWERS = new Set<number>([CloseCode.MalformedMessage, CloseCode.MessageTooLarge, CloseCode.InvalidUpdate, 1009]);
/** Resident memory the server may gain over the whole run (it holds one room; frames must not pile up). */
const RSS_GROWTH_BOUND_KB = 200 * 1024;
/** The legitimate writer's change must reach the watcher between every this many cases. */
const CHECK_EVERY = 20;

type ServerProcess = { child: ChildProcess; port: number; exited: Promise<number | null> };

/** Every process started here, so none outlives the test even if it never said it was ready. */
const spawned = new Set<ChildProcess>();

function startServer(storage: TestStorage): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fuzz/realtime-fuzz-server.ts"], {
    env: { ...process.env, DATABASE_URL: storage.databaseUrl ?? "", DATA_DIR: storage.dataDir, REDIS_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  spawned.add(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    void exited.then((code) => reject(new Error(`realtime process exited early (${code})`)));
    child.stdout!.once("data", (chunk: Buffer) => resolve({ child, exited, port: (JSON.parse(chunk.toString()) as { port: number }).port }));
  });
}

async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.kill("SIGTERM");
  await server.exited;
}

/** Resident set size of a process in KB, as the kernel counts it. */
function rssKb(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  return Number(line?.replace(/\D+/g, "") ?? 0);
}

function connectClient(port: number, room: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/realtime`, room, doc, { WebSocketPolyfill: WebSocket as never, params: { token }, disableBc: true, maxBackoffTime: 200 });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
  return { doc, provider, synced, destroy: () => (provider.destroy(), doc.destroy()) };
}

/** A raw connection for the attacker's frames, with every close it ends in recorded. */
function openRaw(url: string, closes: Map<number, number>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
    socket.once("close", (code) => closes.set(code, (closes.get(code) ?? 0) + 1));
  });
}

/**
 * Sends the case's frames, then asks for awareness: frames are handled in order, so the answer
 * means the server read every frame and let them pass. Resolves "open" then, or with the close
 * code if the server closed the connection instead; a server that does neither fails the case.
 */
function sendCase(socket: WebSocket, frameCase: FrameCase): Promise<"open" | number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within 15 s to ${frameCase.kind}`)), 15_000);
    const done = (result: "open" | number) => {
      clearTimeout(timer);
      socket.off("message", onMessage);
      socket.off("close", onClose);
      resolve(result);
    };
    const onClose = (code: number) => done(code);
    let probed = false;
    const onMessage = (data: Buffer) => {
      if (probed && data[0] === MessageType.Awareness) done("open");
    };
    socket.on("message", onMessage);
    socket.once("close", onClose);
    for (const frame of frameCase.frames) socket.send(frame, { binary: typeof frame !== "string" });
    // Everything above is queued first, so the answer to this comes after all of it was read.
    socket.send(Uint8Array.of(MessageType.QueryAwareness), () => (probed = true));
  });
}

const backend = backends[0]!;

describe(`realtime frames under fuzzing, server in a child process, on ${backend.name}`, () => {
  let storage: TestStorage;
  let server: ServerProcess;
  let documentId = "";
  let text = "";
  const people = { owner: { userId: "", name: "Olu", token: "" }, watcher: { userId: "", name: "Ines", token: "" }, fuzzer: { userId: "", name: "Mallory", token: "" } };

  beforeAll(async () => {
    let database;
    ({ storage, database } = await openMigrated(backend));
    const owner = await signUp(database.prisma, { email: "fuzz-owner@example.org", name: "Olu", password: "long enough password" });
    for (const [key, email] of [["watcher", "fuzz-watcher@example.org"], ["fuzzer", "fuzz-fuzzer@example.org"]] as const) {
      const account = await signUp(database.prisma, { email, name: people[key].name, password: "long enough password" });
      await database.prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: account.userId, role: "EDITOR" } });
      people[key].userId = account.userId;
      people[key].token = (await createApiToken(database.prisma, { userId: account.userId }, { name: "fuzz" })).token;
    }
    people.owner.userId = owner.userId;
    people.owner.token = (await createApiToken(database.prisma, { userId: owner.userId }, { name: "fuzz" })).token;
    const body = [{ type: "paragraph", text: "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal. Officially, it is a “tactical” withdrawal to avoid urban fighting." }];
    const document = await database.prisma.document.create({ data: { workspaceId: owner.workspaceId, title: "Fuzzed", source: "Test", body, contentHash: "fuzz" } });
    documentId = document.id;
    text = canonicalBodyText(bodySchema.parse(document.body));
    // The server process owns the storage from now on (PGlite allows one process per folder).
    await database.close();
    server = await startServer(storage);
    // Migrations, password hashing and a second process starting on a loaded CI machine.
  }, 180_000);
  afterAll(async () => {
    if (server) await stopServer(server);
    for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await storage?.destroy();
    printCasesRun("fuzz-realtime");
  });

  it("closes bad frames' connections with a documented code, stays up, keeps serving a legitimate pair, stores nothing broken, and stays within a memory bound", async () => {
    const writer = connectClient(server.port, documentId, people.owner.token);
    const watcher = connectClient(server.port, documentId, people.watcher.token);
    await Promise.all([writer.synced, watcher.synced]);
    const written: string[] = [];
    async function legitimateChangeArrives() {
      const annotation = annotationOn(people.owner, text);
      writeAnnotation(writer.doc, annotation);
      written.push(annotation.id);
      await waitFor(watcher.doc, () => readAnnotations(watcher.doc).some((entry) => entry.id === annotation.id), 10_000);
    }

    const url = `ws://127.0.0.1:${server.port}/realtime/${documentId}?token=${people.fuzzer.token}`;
    const closes = new Map<number, number>();
    /** Closes with a code that is no answer to a bad frame, with the case that was being sent. */
    const unanswered: string[] = [];
    let current = "warm-up";
    const open = async () => {
      const opened = await openRaw(url, closes);
      opened.once("close", (code) => {
        if (!ANSWERS.has(code) && code !== 1005) unanswered.push(`${code} around ${current}`);
      });
      return opened;
    };
    let socket = await open();
    let cases = 0;
    let frames = 0;
    async function run(frameCase: FrameCase) {
      countCase(`realtime ${frameCase.kind}`);
      current = fc.stringify(frameCase);
      if (socket.readyState !== WebSocket.OPEN) socket = await open();
      const outcome = await sendCase(socket, frameCase);
      frames += frameCase.frames.length;
      if (outcome !== "open") expect(ANSWERS, `${frameCase.kind} closed with ${outcome}`).toContain(outcome);
      expect(server.child.exitCode, "the server process exited").toBeNull();
      if (++cases % CHECK_EVERY === 0) await legitimateChangeArrives();
    }

    // Warm up (room loaded, code paths compiled) before the baseline is read.
    await legitimateChangeArrives();
    for (const entry of readCorpus("realtime-frame")) await run({ kind: `corpus ${entry.name}`, frames: [new Uint8Array(entry.bytes)] });
    const rssBefore = rssKb(server.child.pid!);

    const annotation = annotationOn(people.fuzzer, text);
    await fc.assert(fc.asyncProperty(frameCases(annotation), (frameCase) => run(frameCase)), fuzzParameters(100));

    await legitimateChangeArrives();
    const rssAfter = rssKb(server.child.pid!);
    console.log(`fuzz-realtime: ${cases} cases, ${frames} frames, closes ${JSON.stringify(Object.fromEntries(closes))}, RSS ${rssBefore} KB -> ${rssAfter} KB`);
    // A close can land after the probe was answered (a peer's awareness can arrive first): every close counts.
    expect(unanswered).toEqual([]);
    expect(rssAfter - rssBefore).toBeLessThan(RSS_GROWTH_BOUND_KB);
    socket.close();
    writer.destroy();
    watcher.destroy();

    // Stored state is whole: a fresh client loads every legitimate change, before and after a restart.
    for (const restart of [false, true]) {
      if (restart) {
        await stopServer(server);
        server = await startServer(storage);
      }
      const fresh = connectClient(server.port, documentId, people.watcher.token);
      await fresh.synced;
      const ids = new Set(readAnnotations(fresh.doc).map((entry) => entry.id));
      expect(written.filter((id) => !ids.has(id))).toEqual([]);
      fresh.destroy();
    }
  }, 240_000 * fuzzMode.factor);
});
