import { randomUUID } from "node:crypto";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { issueParticipantToken } from "@/lib/classroom/participant-token.ts";
import { sessionRoomName, type SessionSlot } from "@/lib/classroom/session-rooms.ts";
import type { Database } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { readAnnotations } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { annotationOn, AUTH_SECRET, rawConnect, readMetrics, startRealtime, waitFor, type Client, type RealtimeHarness } from "./realtime-harness.ts";

type Student = { participantId: string; name: string; number: number; group: number; token: string };
type Session = { id: string; students: Student[]; room(slot: SessionSlot): string };

/** A raw websocket that asks for the room's whole state and keeps every frame the server sends, to search the bytes. */
function sniff(url: string): Promise<{ frames: Buffer[]; socket: WebSocket; contains(text: string): boolean }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const frames: Buffer[] = [];
    socket.on("message", (data: Buffer) => frames.push(Buffer.from(data)));
    socket.once("open", () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, new Y.Doc());
      socket.send(encoding.toUint8Array(encoder));
      resolve({ frames, socket, contains: (text) => frames.some((frame) => frame.includes(Buffer.from(text))) });
    });
    socket.once("unexpected-response", () => reject(new Error("refused")));
    socket.once("error", reject);
  });
}

function closeOf(client: Client) {
  return new Promise<{ code: number; reason: string }>((resolve) =>
    client.provider.once("connection-close", (event: CloseEvent | null) => resolve({ code: event?.code ?? 0, reason: event?.reason ?? "" })),
  );
}

/** Waits until `check` holds on the client's document; returns how long it took from `since`. */
async function appears(client: Client, check: (annotations: AnnotationRecord[]) => boolean, since = performance.now()): Promise<number> {
  await waitFor(client.doc, () => check(readAnnotations(client.doc)), 5_000).catch((error: Error) => {
    throw new Error(`${error.message}: ${check.toString()} on ${JSON.stringify(readAnnotations(client.doc).map((a) => [a.authorName, a.exact]))}`);
  });
  return performance.now() - since;
}

type Presence = { user?: { id: string; name: string }; participant?: { number: number; online: boolean }; spotlight?: { start: number; end: number } | null; session?: { locked: boolean; revealed: boolean; ended: boolean } };

function presenceWhere(client: Client, check: (states: Presence[]) => boolean, timeoutMs = 5_000): Promise<void> {
  const awareness = client.provider.awareness;
  const states = () => [...(awareness.getStates() as Map<number, Presence>).values()];
  return new Promise((resolve, reject) => {
    if (check(states())) return resolve();
    const timer = setTimeout(() => {
      awareness.off("change", onChange);
      reject(new Error(`presence condition not met within ${timeoutMs} ms: ${JSON.stringify(states())}`));
    }, timeoutMs);
    const onChange = () => {
      if (!check(states())) return;
      clearTimeout(timer);
      awareness.off("change", onChange);
      resolve();
    };
    awareness.on("change", onChange);
  });
}

/** Polls `check` until it holds (for state read from the database or the server). */
async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(backends)("classroom session rooms on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;
  let harness: RealtimeHarness;
  let teacher: { userId: string; token: string; workspaceId: string };
  let documentId = "";
  let text = "";
  const quotes: string[] = [];

  async function startSession(options: { mode: "BLIND" | "OPEN"; anonymous?: boolean; groupCount?: number; names: string[] }): Promise<Session> {
    const session = await database.prisma.classSession.create({
      data: {
        documentId,
        workspaceId: teacher.workspaceId,
        createdById: teacher.userId,
        mode: options.mode,
        code: randomUUID().slice(0, 6).toUpperCase(),
        anonymous: options.anonymous ?? false,
        groupCount: options.groupCount ?? 0,
      },
    });
    const students: Student[] = [];
    for (const [index, name] of options.names.entries()) {
      const group = options.groupCount ? (index % options.groupCount) + 1 : 0;
      const row = await database.prisma.sessionParticipant.create({ data: { sessionId: session.id, number: index + 1, name, group } });
      students.push({ participantId: row.id, name, number: index + 1, group, token: issueParticipantToken({ sessionId: session.id, participantId: row.id }, AUTH_SECRET) });
    }
    return { id: session.id, students, room: (slot) => sessionRoomName(documentId, session.id, slot) };
  }

  async function changeSession(session: Session, data: Parameters<Database["prisma"]["classSession"]["update"]>[0]["data"]) {
    await database.prisma.classSession.update({ where: { id: session.id }, data });
    await harness.realtime.accessChanged({ type: "classSession", sessionId: session.id });
  }

  const own = (session: Session, student: Student) => harness.client(session.room({ kind: "participant", participantId: student.participantId }), student.token);
  const highlight = (student: Student, quote: string) => annotationOn({ userId: student.participantId, name: student.name }, text, quote);

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    // A new account's workspace starts with a copy of the demo article.
    await seedDemoDocument(database.prisma);
    const account = await signUp(database.prisma, { email: `teacher-${randomUUID().slice(0, 6)}@example.org`, name: "Ms Teacher", password: "long enough password" });
    const token = await createApiToken(database.prisma, { userId: account.userId }, { name: "test" });
    teacher = { userId: account.userId, token: token.token, workspaceId: account.workspaceId };
    const document = await database.prisma.document.findFirstOrThrow({ where: { workspaceId: teacher.workspaceId } });
    documentId = document.id;
    text = canonicalBodyText(bodySchema.parse(document.body));
    // Distinct stretches of the article, one per highlight in these tests.
    const words = text.split(/\s+/).filter((word) => /^[A-Za-z]{6,}$/.test(word));
    for (const word of new Set(words)) if (text.indexOf(word) === text.lastIndexOf(word)) quotes.push(word);
    harness = await startRealtime(database);
  }, 180_000);
  afterAll(async () => {
    await harness?.close();
    await database?.close();
    await storage?.destroy();
  });

  it("refuses wrong credentials and rooms that are not the caller's", async () => {
    const session = await startSession({ mode: "BLIND", names: ["Ada", "Ben"] });
    const [ada, ben] = session.students as [Student, Student];
    const other = await startSession({ mode: "BLIND", names: ["Cy"] });
    const url = (slot: SessionSlot, token?: string) => `${harness.wsUrl}/${session.room(slot)}${token ? `?token=${encodeURIComponent(token)}` : ""}`;
    const adaRoom = { kind: "participant", participantId: ada.participantId } as const;

    expect(await rawConnect(url(adaRoom))).toMatchObject({ status: 401 });
    expect(await rawConnect(url(adaRoom, `${ada.token}x`))).toMatchObject({ status: 401 });
    expect(await rawConnect(url(adaRoom, ben.token))).toMatchObject({ status: 404 });
    expect(await rawConnect(url({ kind: "key" }, ada.token))).toMatchObject({ status: 404 });
    expect(await rawConnect(url({ kind: "class" }, ada.token))).toMatchObject({ status: 404 });
    expect(await rawConnect(url(adaRoom, other.students[0]!.token))).toMatchObject({ status: 404 });
    // The cookie the join endpoint sets works as well as ?token=.
    const byCookie = await rawConnect(url(adaRoom), { cookie: `marginalia-participant=${ada.token}` });
    expect("opened" in byCookie).toBe(true);
    if ("opened" in byCookie) byCookie.opened.close();

    // An account that is no teacher of this workspace sees nothing; a viewer is no teacher either.
    const stranger = await signUp(database.prisma, { email: `s-${randomUUID().slice(0, 6)}@example.org`, name: "Stranger", password: "long enough password" });
    const strangerToken = (await createApiToken(database.prisma, { userId: stranger.userId }, { name: "t" })).token;
    expect(await rawConnect(url({ kind: "class" }, strangerToken))).toMatchObject({ status: 404 });
    await database.prisma.membership.create({ data: { workspaceId: teacher.workspaceId, userId: stranger.userId, role: "VIEWER" } });
    expect(await rawConnect(url({ kind: "class" }, strangerToken))).toMatchObject({ status: 404 });

    const teacherView = await rawConnect(url({ kind: "class" }, teacher.token));
    expect("opened" in teacherView).toBe(true);
    if ("opened" in teacherView) teacherView.opened.close();

    await database.prisma.sessionParticipant.update({ where: { id: ben.participantId }, data: { removedAt: new Date() } });
    expect(await rawConnect(url({ kind: "participant", participantId: ben.participantId }, ben.token))).toMatchObject({ status: 401 });
  });

  it("blind mode: nothing of a classmate or the key reaches a student before the reveal; after it, within a second", async () => {
    const session = await startSession({ mode: "BLIND", names: ["Ada", "Ben"] });
    const [ada, ben] = session.students as [Student, Student];
    const dashboard = harness.client(session.room({ kind: "class" }), teacher.token);
    const key = harness.client(session.room({ kind: "key" }), teacher.token);
    const adaOwn = own(session, ada);
    const benOwn = own(session, ben);
    const benPeers = harness.client(session.room({ kind: "peers", group: 0 }), ben.token);
    await Promise.all([dashboard, key, adaOwn, benOwn, benPeers].map((client) => client.synced()));
    const benSniffers = await Promise.all([sniff(`${harness.wsUrl}/${session.room({ kind: "peers", group: 0 })}?token=${ben.token}`), sniff(`${harness.wsUrl}/${session.room({ kind: "participant", participantId: ben.participantId })}?token=${ben.token}`)]);

    const [adaQuote, keyQuote] = [quotes[0]!, quotes[1]!];
    const adaHighlight = highlight(ada, adaQuote);
    const written = performance.now();
    writeAnnotation(adaOwn.doc, adaHighlight);
    const keyHighlight = annotationOn({ userId: teacher.userId, name: "Ms Teacher" }, text, keyQuote);
    writeAnnotation(key.doc, keyHighlight);
    writeComment(adaOwn.doc, { id: randomUUID(), annotationId: adaHighlight.id, parentId: null, authorId: ada.participantId, authorName: "Ada", body: "loaded word", createdAt: Date.now(), updatedAt: Date.now(), deleted: false });

    // The teacher's dashboard sees Ada's highlight (by name) and the key within a second.
    const seen = await appears(dashboard, (list) => list.some((a) => a.authorName === "Ada" && a.exact === adaQuote) && list.some((a) => a.authorId === "key"), written);
    expect(seen).toBeLessThan(1_000);
    await waitFor(dashboard.doc, () => [...dashboard.doc.getMap("comments").values()].length === 1);

    // Give the mirror every chance to leak: all copies written, then look at Ben's raw traffic.
    await harness.realtime.classroomSettled();
    await eventually(() => readAnnotations(dashboard.doc).length === 2);
    for (const sniffer of benSniffers) {
      expect(sniffer.frames.length).toBeGreaterThan(0);
      for (const secret of [adaQuote, keyQuote, adaHighlight.id, keyHighlight.id, ada.participantId, "Ada", "Answer key", "loaded word"]) expect(sniffer.contains(secret)).toBe(false);
    }
    expect(readAnnotations(benPeers.doc)).toEqual([]);
    await presenceWhere(benPeers, (states) => states.some((s) => s.user?.id === "teacher" && s.session?.revealed === false));

    const revealedAt = performance.now();
    await changeSession(session, { revealedAt: new Date() });
    const revealSeen = await appears(benPeers, (list) => list.some((a) => a.exact === adaQuote && a.authorName === "Ada") && list.some((a) => a.exact === keyQuote && a.authorName === "Answer key"), revealedAt);
    expect(revealSeen).toBeLessThan(1_000);
    await presenceWhere(benPeers, (states) => states.some((s) => s.user?.id === "teacher" && s.session?.revealed === true));

    // After the reveal, new highlights go to the peers view live; deletions too.
    const late = highlight(ada, quotes[2]!);
    writeAnnotation(adaOwn.doc, late);
    await appears(benPeers, (list) => list.some((a) => a.exact === quotes[2]));
    adaOwn.doc.getMap("annotations").delete(late.id);
    await appears(benPeers, (list) => !list.some((a) => a.exact === quotes[2]));
    await appears(dashboard, (list) => !list.some((a) => a.exact === quotes[2]));

    for (const sniffer of benSniffers) sniffer.socket.close();
    for (const client of [dashboard, key, adaOwn, benOwn, benPeers]) client.destroy();
  });

  it("locks and unlocks writing, shows who is online, and closes a removed student's connection", async () => {
    const session = await startSession({ mode: "OPEN", names: ["Ada", "Ben"] });
    const [ada, ben] = session.students as [Student, Student];
    const dashboard = harness.client(session.room({ kind: "class" }), teacher.token);
    const adaOwn = own(session, ada);
    const benOwn = own(session, ben);
    await Promise.all([dashboard, adaOwn, benOwn].map((client) => client.synced()));
    await presenceWhere(dashboard, (states) => ["Ada", "Ben"].every((name) => states.some((s) => s.user?.name === name && s.participant?.online === true)));

    await changeSession(session, { lockedAt: new Date() });
    const readOnlyRefusals = async () => (await readMetrics(harness.url)).get('marginalia_realtime_updates_refused_total{reason="read_only"}') ?? 0;
    const refusedBefore = await readOnlyRefusals();
    writeAnnotation(adaOwn.doc, highlight(ada, quotes[3]!));
    writeAnnotation(benOwn.doc, highlight(ben, quotes[4]!));
    // Ignored: the server has received both writes and refused them as read-only ...
    await eventually(async () => (await readOnlyRefusals()) >= refusedBefore + 2);
    await harness.realtime.classroomSettled();
    // ... and nothing reached the class view: a fresh reader's full sync (queued behind any copy) holds none.
    const probe = harness.client(session.room({ kind: "class" }), teacher.token);
    await probe.synced();
    expect(readAnnotations(probe.doc)).toEqual([]);
    expect(readAnnotations(dashboard.doc)).toEqual([]);
    probe.destroy();

    // Unlocked: writing works again, on the same connection (what was typed during the lock comes in with it).
    await changeSession(session, { lockedAt: null });
    writeAnnotation(adaOwn.doc, highlight(ada, quotes[5]!));
    await appears(dashboard, (list) => list.some((a) => a.exact === quotes[5]));
    expect(adaOwn.provider.wsconnected).toBe(true);

    const closed = closeOf(adaOwn);
    await database.prisma.sessionParticipant.update({ where: { id: ada.participantId }, data: { removedAt: new Date() } });
    await harness.realtime.accessChanged({ type: "classSession", sessionId: session.id });
    expect(await closed).toEqual({ code: CloseCode.Forbidden, reason: "You were removed from this session." });
    adaOwn.destroy();
    await appears(dashboard, (list) => !list.some((a) => a.authorName === "Ada"));
    await presenceWhere(dashboard, (states) => !states.some((s) => s.user?.name === "Ada"));
    for (const client of [dashboard, benOwn]) client.destroy();
  });

  it("anonymous sessions show Reader N to classmates, never the name; groups see only themselves", async () => {
    const session = await startSession({ mode: "OPEN", anonymous: true, groupCount: 2, names: ["Dora", "Eli", "Fay"] });
    const [dora, eli, fay] = session.students as [Student, Student, Student];
    expect([dora.group, eli.group, fay.group]).toEqual([1, 2, 1]);
    const dashboard = harness.client(session.room({ kind: "class" }), teacher.token);
    const fayPeers = harness.client(session.room({ kind: "peers", group: 1 }), fay.token);
    const eliPeers = harness.client(session.room({ kind: "peers", group: 2 }), eli.token);
    const doraOwn = own(session, dora);
    const eliOwn = own(session, eli);
    await Promise.all([dashboard, fayPeers, eliPeers, doraOwn, eliOwn].map((client) => client.synced()));
    const fayWire = await sniff(`${harness.wsUrl}/${session.room({ kind: "peers", group: 1 })}?token=${fay.token}`);
    // A student may not read another group's view.
    expect(await rawConnect(`${harness.wsUrl}/${session.room({ kind: "peers", group: 2 })}?token=${fay.token}`)).toMatchObject({ status: 404 });

    writeAnnotation(doraOwn.doc, highlight(dora, quotes[6]!));
    const eliHighlight = highlight(eli, quotes[7]!);
    writeAnnotation(eliOwn.doc, eliHighlight);
    await appears(fayPeers, (list) => list.some((a) => a.exact === quotes[6] && a.authorName === "Reader 1" && a.authorId === "reader-1"));
    await appears(eliPeers, (list) => list.some((a) => a.exact === quotes[7] && a.authorName === "Reader 2"));
    await appears(dashboard, (list) => list.some((a) => a.authorName === "Dora") && list.some((a) => a.authorName === "Eli"));
    await harness.realtime.classroomSettled();
    expect(readAnnotations(fayPeers.doc).map((a) => a.exact)).toEqual([quotes[6]]);
    expect(readAnnotations(eliPeers.doc).map((a) => a.exact)).toEqual([quotes[7]]);
    for (const secret of ["Dora", "Eli", dora.participantId, eli.participantId, eliHighlight.id]) expect({ secret, sent: fayWire.contains(secret) }).toEqual({ secret, sent: false });
    fayWire.socket.close();
    for (const client of [dashboard, fayPeers, eliPeers, doraOwn, eliOwn]) client.destroy();
  });

  it("spotlights the teacher's selection on students' screens while they ask to be followed", async () => {
    const session = await startSession({ mode: "BLIND", names: ["Gus"] });
    const [gus] = session.students as [Student];
    const key = harness.client(session.room({ kind: "key" }), teacher.token);
    const peers = harness.client(session.room({ kind: "peers", group: 0 }), gus.token);
    const gusOwn = own(session, gus);
    await Promise.all([key, peers, gusOwn].map((client) => client.synced()));
    key.provider.awareness.setLocalState({ selection: { start: 10, end: 20 }, followMe: true });
    await presenceWhere(peers, (states) => states.some((s) => s.user?.id === "teacher" && s.spotlight?.start === 10 && s.spotlight.end === 20));
    key.provider.awareness.setLocalState({ selection: { start: 10, end: 20 }, followMe: false });
    await presenceWhere(peers, (states) => states.some((s) => s.user?.id === "teacher" && s.spotlight === null));
    // A student cannot ask the class to follow them: their room carries no presence at all.
    gusOwn.provider.awareness.setLocalState({ selection: { start: 1, end: 2 }, followMe: true });
    key.provider.awareness.setLocalState({ selection: { start: 30, end: 40 }, followMe: true });
    await presenceWhere(peers, (states) => states.some((s) => s.spotlight?.start === 30));
    const gusRoom = harness.realtime.rooms.find(session.room({ kind: "participant", participantId: gus.participantId }));
    expect(gusRoom?.awareness.getStates().size).toBe(0);
    expect(peers.provider.awareness.getStates().size).toBe(2);
    for (const client of [key, peers, gusOwn]) client.destroy();
  });

  it("never projects session rooms into the document's annotations, and forgets a session's rooms on request", async () => {
    const session = await startSession({ mode: "OPEN", names: ["Hal"] });
    const [hal] = session.students as [Student];
    const halOwn = own(session, hal);
    const dashboard = harness.client(session.room({ kind: "class" }), teacher.token);
    await Promise.all([halOwn.synced(), dashboard.synced()]);
    writeAnnotation(halOwn.doc, highlight(hal, quotes[8]!));
    await appears(dashboard, (list) => list.length === 1);
    await harness.realtime.projection.flushAll();
    expect(await database.prisma.annotation.count({ where: { documentId } })).toBe(0);

    const closed = closeOf(halOwn);
    await harness.realtime.forgetSession(documentId, session.id);
    expect((await closed).code).toBe(CloseCode.Forbidden);
    halOwn.destroy();
    dashboard.destroy();
    const [{ count }] = await database.sql.query<{ count: number }>(
      `SELECT (SELECT count(*) FROM "realtime_updates" WHERE "room" LIKE $1) + (SELECT count(*) FROM "realtime_snapshots" WHERE "room" LIKE $1) AS "count"`,
      [`${documentId}:session:${session.id}:%`],
    ) as [{ count: number }];
    expect(Number(count)).toBe(0);
  });
});
