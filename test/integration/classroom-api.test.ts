import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { sliceCodePoints } from "@/lib/annotations/code-points.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { JOIN_CODE_ALPHABET } from "@/lib/classroom/join-code.ts";
import { purgeExpiredSessions } from "@/lib/classroom/purge-expired-sessions.ts";
import { viewEntryId } from "@/lib/classroom/session-view.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import type { AnnotationRecord, CommentRecord, Tag } from "@/lib/realtime/doc-schema.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";

type Call = { token?: string; body?: unknown; cookie?: string; from?: string };
type Joined = { sessionId: string; participantId: string; token: string; room: string; peersRoom: string; number: number; group: number };

/** Each test speaks from addresses of its own (the server trusts 127.0.0.1 as a proxy), so join limits never cross tests. */
let nextAddress = 1;
const freshAddress = () => `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${(nextAddress++ % 250) + 1}`;

describe.each(backends)("classroom sessions API on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  let prisma: PrismaClient;
  const tokens = { owner: "", editor: "", commenter: "", viewer: "", stranger: "" };
  let documentId = "";
  let demoId = "";
  let otherDocumentId = "";
  let text = "";

  async function api(method: string, path: string, call: Call = {}) {
    const headers: Record<string, string> = { "x-forwarded-for": call.from ?? freshAddress() };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    if (call.cookie) headers.cookie = call.cookie;
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers["content-type"] = "application/json";
    }
    const response = await fetch(`${app.url}${path}`, { method, headers, body, redirect: "manual" });
    const type = response.headers.get("content-type") ?? "";
    const bytes = new Uint8Array(await response.arrayBuffer());
    const raw = new TextDecoder().decode(bytes);
    const json = /json/.test(type) && raw ? JSON.parse(raw) : null;
    return { status: response.status, headers: response.headers, json, raw, bytes };
  }

  async function startSession(options: Record<string, unknown> = { mode: "blind" }) {
    const created = await api("POST", `/api/v1/documents/${documentId}/sessions`, { token: tokens.owner, body: options });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    return created.json as { id: string; code: string; joinUrl: string; room: string };
  }

  async function join(code: string, name: string, from?: string): Promise<Joined> {
    const joined = await api("POST", "/api/v1/sessions/join", { body: { code, name }, from });
    expect(joined.status, JSON.stringify(joined.json)).toBe(201);
    return joined.json as Joined;
  }

  /** A highlight as a student's browser writes it in their own room. */
  function highlight(author: { id: string; name: string }, start: number, end: number, tag: Tag, technique: string | null = null): AnnotationRecord {
    return {
      id: randomUUID(),
      start,
      end,
      exact: sliceCodePoints(text, start, end),
      prefix: "",
      suffix: "",
      tag,
      technique,
      authorId: author.id,
      authorName: author.name,
      createdAt: Date.now(),
      updatedAt: Date.now(),
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
    };
  }

  function note(author: { id: string; name: string }, annotationId: string, body: string): CommentRecord {
    return { id: randomUUID(), annotationId, parentId: null, authorId: author.id, authorName: author.name, body, createdAt: Date.now(), updatedAt: Date.now(), deleted: false };
  }

  async function roomRecords(room: string) {
    const doc = new Y.Doc();
    const state = await app.server.realtime.state(room);
    if (state.byteLength > 0) Y.applyUpdate(doc, state);
    return { annotations: readAnnotations(doc), comments: readComments(doc) };
  }

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage, { trustedProxies: ["127.0.0.1"], redisUrl: process.env.REDIS_URL });
    prisma = app.server.database.prisma;
    const owner = await signUp(prisma, { email: "teacher@example.org", name: "Awa Teacher", password: "teacher password 1" });
    const people = {
      editor: await signUp(prisma, { email: "editor@example.org", name: "Ed Itor", password: "editor password 1" }),
      commenter: await signUp(prisma, { email: "commenter@example.org", name: "Com Menter", password: "commenter password 1" }),
      viewer: await signUp(prisma, { email: "viewer@example.org", name: "Vi Ewer", password: "viewer password 1" }),
      stranger: await signUp(prisma, { email: "stranger@example.org", name: "Stran Ger", password: "stranger password 1" }),
    };
    for (const role of ["editor", "commenter", "viewer"] as const) {
      await prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: people[role].userId, role: role.toUpperCase() as "EDITOR" } });
    }
    tokens.owner = (await createApiToken(prisma, { userId: owner.userId }, { name: "t" })).token;
    for (const role of ["editor", "commenter", "viewer", "stranger"] as const) {
      tokens[role] = (await createApiToken(prisma, { userId: people[role].userId }, { name: "t" })).token;
    }
    const copy = await prisma.document.findFirstOrThrow({ where: { workspaceId: owner.workspaceId }, select: { id: true } });
    documentId = copy.id;
    text = canonicalBodyText((await getDocument(prisma, { id: documentId }))!.blocks);
    demoId = (await prisma.document.findUniqueOrThrow({ where: { slug: "demo" } })).id;
    const other = await api("POST", `/api/v1/workspaces/${owner.workspaceId}/documents`, { token: tokens.owner, body: { title: "Another article", text: "Plain words here.\n\nAnd more words." } });
    expect(other.status).toBe(201);
    otherDocumentId = other.json.id;
  });
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  it("starts a session for editors and owners only, with a short unambiguous code", async () => {
    const session = await startSession({ mode: "blind", anonymous: true, groups: 3 });
    expect(session.code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
    expect(session.joinUrl).toBe(`${app.url}/join?code=${session.code}`);
    expect(session.room).toBe(`${documentId}:session:${session.id}:participant:key`);
    const row = await prisma.classSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(row).toMatchObject({ mode: "BLIND", anonymous: true, groupCount: 3 });

    expect((await api("POST", `/api/v1/documents/${documentId}/sessions`, { token: tokens.editor, body: { mode: "open" } })).status).toBe(201);
    for (const role of ["commenter", "viewer"] as const) {
      const refused = await api("POST", `/api/v1/documents/${documentId}/sessions`, { token: tokens[role], body: { mode: "open" } });
      expect(refused.status, role).toBe(403);
      expect(refused.json.error.message).toMatch(/editors and owners/);
    }
    expect((await api("POST", `/api/v1/documents/${documentId}/sessions`, { token: tokens.stranger, body: { mode: "open" } })).status).toBe(404);
    expect((await api("POST", `/api/v1/documents/${documentId}/sessions`, { body: { mode: "open" } })).status).toBe(401);

    const demo = await api("POST", `/api/v1/documents/${demoId}/sessions`, { token: tokens.owner, body: { mode: "open" } });
    expect(demo.status).toBe(400);
    expect(demo.json.error.message).toMatch(/copy in your own workspace/);
    const badMode = await api("POST", `/api/v1/documents/${documentId}/sessions`, { token: tokens.owner, body: { mode: "secret" } });
    expect([badMode.status, badMode.json.error.field]).toEqual([400, "mode"]);
    const oneGroup = await api("POST", `/api/v1/documents/${documentId}/sessions`, { token: tokens.owner, body: { mode: "open", groups: 1 } });
    expect([oneGroup.status, oneGroup.json.error.field]).toEqual([400, "groups"]);
    const notDemo = await api("POST", `/api/v1/documents/${otherDocumentId}/sessions`, { token: tokens.owner, body: { mode: "open", useExampleKey: true } });
    expect([notDemo.status, notDemo.json.error.field]).toEqual([400, "useExampleKey"]);
    expect(notDemo.json.error.message).toMatch(/demo article only/);

    const withKey = await startSession({ mode: "blind", useExampleKey: true });
    const key = (await roomRecords(withKey.room)).annotations;
    expect(key.length).toBeGreaterThanOrEqual(10);
    expect(new Set(key.map((entry) => entry.authorName))).toEqual(new Set(["Awa Teacher"]));

    const list = await api("GET", `/api/v1/documents/${documentId}/sessions`, { token: tokens.owner });
    expect(list.status).toBe(200);
    expect(list.json.sessions.map((entry: { id: string }) => entry.id)).toContain(session.id);
    expect((await api("GET", `/api/v1/documents/${documentId}/sessions`, { token: tokens.viewer })).status).toBe(403);
  });

  it("lets students join with the code however they type it, and sets the participant cookie", async () => {
    const session = await startSession({ mode: "open" });
    const typed = `${session.code.slice(0, 3).toLowerCase()}-${session.code.slice(3)} `;
    const response = await api("POST", "/api/v1/sessions/join", { body: { code: typed, name: "  Ada   Lovelace " } });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ sessionId: session.id, number: 1, group: 0, peersRoom: `${documentId}:session:${session.id}:participant:peers-0` });
    expect(response.json.room).toBe(`${documentId}:session:${session.id}:participant:${response.json.participantId}`);
    expect(response.json.token).toMatch(/^mps_/);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^marginalia-participant=${response.json.token.replace(/[.]/g, "\\.")};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect((await prisma.sessionParticipant.findUniqueOrThrow({ where: { id: response.json.participantId } })).name).toBe("Ada Lovelace");

    for (const [name, message] of [
      ["   ", /Type a name/],
      ["x".repeat(41), /at most 40/],
      ["Bad\u0007name", /control characters/],
    ] as const) {
      const refused = await api("POST", "/api/v1/sessions/join", { body: { code: session.code, name } });
      expect(refused.status, name).toBe(400);
      expect(refused.json.error.message).toMatch(message);
    }
    const wrong = await api("POST", "/api/v1/sessions/join", { body: { code: "AAAAAA", name: "Ada" } });
    expect(wrong.status).toBe(404);
    expect(wrong.json.error.message).toMatch(/No session has this code/);
  });

  it("shows the teacher everything and a student only themselves; everyone else is told nothing", async () => {
    const session = await startSession({ mode: "blind", groups: 2 });
    const ada = await join(session.code, "Ada");
    const bo = await join(session.code, "Bo");
    expect([ada.group, bo.group]).toEqual([1, 2]);
    await app.server.realtime.change(ada.room, { annotations: [highlight({ id: ada.participantId, name: "Ada" }, 0, 5, "propaganda"), highlight({ id: ada.participantId, name: "Ada" }, 10, 20, "sourcing")] });

    const teacher = await api("GET", `/api/v1/sessions/${session.id}`, { token: tokens.owner });
    expect(teacher.status).toBe(200);
    expect(teacher.json).toMatchObject({ id: session.id, mode: "blind", code: session.code, groups: 2, state: { locked: false, revealed: false, ended: false, purged: false } });
    expect(teacher.json.rooms.peers).toEqual([1, 2].map((group) => `${documentId}:session:${session.id}:participant:peers-${group}`));
    expect(teacher.json.participants.map((entry: { name: string; number: number }) => [entry.number, entry.name])).toEqual([[1, "Ada"], [2, "Bo"]]);
    expect(teacher.json.participants[0].counts).toEqual({ propaganda: 1, sourcing: 1, context: 0, total: 2 });
    expect(teacher.json.counts.total).toBe(2);
    expect((await api("GET", `/api/v1/sessions/${session.id}`, { token: tokens.editor })).status).toBe(200);

    const student = await api("GET", `/api/v1/sessions/${session.id}`, { token: ada.token });
    expect(student.status).toBe(200);
    expect(student.json.me).toMatchObject({ participantId: ada.participantId, number: 1, name: "Ada", group: 1, room: ada.room, peersRoom: ada.peersRoom });
    expect(student.json.participants).toBeUndefined();
    expect(student.json.code).toBeUndefined();
    expect(student.raw).not.toContain("Bo");
    const byCookie = await api("GET", `/api/v1/sessions/${session.id}`, { cookie: `other=1; marginalia-participant=${ada.token}` });
    expect(byCookie.json.me.participantId).toBe(ada.participantId);

    for (const role of ["commenter", "viewer", "stranger"] as const) {
      const refused = await api("GET", `/api/v1/sessions/${session.id}`, { token: tokens[role] });
      expect(refused.status, role).toBe(404);
    }
    expect((await api("GET", `/api/v1/sessions/${session.id}`)).status).toBe(401);
    expect((await api("GET", `/api/v1/sessions/${session.id}`, { token: "mps_forged.token" })).status).toBe(404);
    const elsewhere = await join((await startSession({ mode: "open" })).code, "Cy");
    expect((await api("GET", `/api/v1/sessions/${session.id}`, { token: elsewhere.token })).status).toBe(404);
    for (const path of ["/reveal", "/lock", "/end"]) {
      expect((await api("POST", `/api/v1/sessions/${session.id}${path}`, { token: ada.token })).status, path).toBe(404);
    }
    expect((await api("GET", `/api/v1/sessions/${session.id}/results`, { token: ada.token })).status).toBe(404);
  });

  it("serves a room's state under the websocket's rule: a student never reads a classmate's room", async () => {
    const session = await startSession({ mode: "blind" });
    const ada = await join(session.code, "Ada");
    const bo = await join(session.code, "Bo");
    const mark = highlight({ id: ada.participantId, name: "Ada" }, 0, 5, "propaganda");
    await app.server.realtime.change(ada.room, { annotations: [mark] });

    const own = await api("GET", `/api/v1/sessions/${session.id}/state?room=${ada.participantId}`, { token: ada.token });
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toBe("no-store");
    expect(own.headers.get("x-marginalia-access")).toBe("write");
    const doc = new Y.Doc();
    Y.applyUpdate(doc, own.bytes);
    expect(readAnnotations(doc).map((entry) => entry.id)).toEqual([mark.id]);

    for (const slot of [ada.participantId, "key", "class", "peers-1"]) {
      expect((await api("GET", `/api/v1/sessions/${session.id}/state?room=${slot}`, { token: bo.token })).status, slot).toBe(404);
    }
    expect((await api("GET", `/api/v1/sessions/${session.id}/state?room=peers-0`, { token: bo.token })).headers.get("x-marginalia-access")).toBe("read");
    for (const slot of [ada.participantId, "key", "class", "peers-0"]) {
      expect((await api("GET", `/api/v1/sessions/${session.id}/state?room=${slot}`, { token: tokens.owner })).status, slot).toBe(200);
    }
    expect((await api("GET", `/api/v1/sessions/${session.id}/state?room=${randomUUID()}`, { token: tokens.owner })).status).toBe(404);
    expect((await api("GET", `/api/v1/sessions/${session.id}/state?room=key`, { token: tokens.viewer })).status).toBe(404);
    expect((await api("GET", `/api/v1/sessions/${session.id}/state`, { token: tokens.owner })).status).toBe(400);
  });

  it("refuses a removed student at once", async () => {
    const session = await startSession({ mode: "open" });
    const ada = await join(session.code, "Ada");
    expect((await api("GET", `/api/v1/sessions/${session.id}`, { token: ada.token })).status).toBe(200);
    const removed = await api("DELETE", `/api/v1/sessions/${session.id}/participants/${ada.participantId}`, { token: tokens.owner });
    expect(removed.status).toBe(200);
    expect((await api("GET", `/api/v1/sessions/${session.id}`, { token: ada.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/sessions/${session.id}/state?room=${ada.participantId}`, { token: ada.token })).status).toBe(404);
    const teacher = await api("GET", `/api/v1/sessions/${session.id}`, { token: tokens.owner });
    expect(teacher.json.participants[0]).toMatchObject({ id: ada.participantId, removed: true });
    expect((await api("DELETE", `/api/v1/sessions/${session.id}/participants/${randomUUID()}`, { token: tokens.owner })).status).toBe(404);
  });

  it("lets 150 students behind one address join at once, numbered 1..150, then says the session is full", async () => {
    const session = await startSession({ mode: "blind", groups: 3 });
    const school = freshAddress();
    const started = performance.now();
    const joined = await Promise.all(Array.from({ length: 150 }, (_, index) => api("POST", "/api/v1/sessions/join", { body: { code: session.code, name: `Student ${index + 1}` }, from: school })));
    const elapsed = performance.now() - started;
    console.info(`[classroom-api ${backend.name}] 150 parallel joins from one address: ${Math.round(elapsed)} ms`);
    expect(joined.map((response) => response.status)).toEqual(Array(150).fill(201));
    expect(elapsed).toBeLessThan(60_000);
    const numbers = joined.map((response) => response.json.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 150 }, (_, index) => index + 1));
    for (const response of joined) expect(response.json.group).toBe(((response.json.number - 1) % 3) + 1);

    const full = await api("POST", "/api/v1/sessions/join", { body: { code: session.code, name: "One too many" }, from: school });
    expect(full.status).toBe(409);
    expect(full.json.error.message).toMatch(/full \(150 participants\)/);

    // The dashboard reads 150 rooms on every refresh: it must stay quick.
    const startedRead = performance.now();
    const teacher = await api("GET", `/api/v1/sessions/${session.id}`, { token: tokens.owner });
    const readMs = performance.now() - startedRead;
    console.info(`[classroom-api ${backend.name}] teacher view with 150 participants: ${Math.round(readMs)} ms`);
    expect(teacher.json.participants).toHaveLength(150);
    expect(readMs).toBeLessThan(10_000);
  });

  it("limits wrong codes per address (429 with Retry-After), without touching other addresses", async () => {
    const session = await startSession({ mode: "open" });
    const guesser = freshAddress();
    for (let attempt = 0; attempt < 20; attempt++) {
      expect((await api("POST", "/api/v1/sessions/join", { body: { code: "AAAAAA", name: "Eve" }, from: guesser })).status).toBe(404);
    }
    const limited = await api("POST", "/api/v1/sessions/join", { body: { code: session.code, name: "Eve" }, from: guesser });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.json.error.message).toMatch(/Too many wrong codes/);
    await join(session.code, "Ada", freshAddress());
  });

  it("keeps blind mode until the reveal, then shows the class and the key; lock, unlock and end behave", async () => {
    const session = await startSession({ mode: "blind", anonymous: true });
    const ada = await join(session.code, "Ada");
    const bo = await join(session.code, "Bo");
    const adaMark = highlight({ id: ada.participantId, name: "Ada" }, 0, 5, "propaganda", "loaded-language");
    await app.server.realtime.change(ada.room, { annotations: [adaMark] });
    const keyMark = highlight({ id: "teacher", name: "Awa Teacher" }, 0, 5, "propaganda", "loaded-language");
    await app.server.realtime.change(session.room, { annotations: [keyMark] });

    const before = await api("GET", `/api/v1/sessions/${session.id}/annotations`, { token: bo.token });
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ type: "AnnotationCollection", total: 0 });
    expect(before.raw).not.toContain(viewEntryId(ada.room, adaMark.id));

    const teacherView = await api("GET", `/api/v1/sessions/${session.id}/annotations`, { token: tokens.owner });
    expect(teacherView.json.total).toBe(2);
    expect(teacherView.raw).toContain("Ada");
    expect(teacherView.raw).toContain("Answer key");

    const revealed = await api("POST", `/api/v1/sessions/${session.id}/reveal`, { token: tokens.owner });
    expect(revealed.json.state).toMatchObject({ revealed: true, locked: false });
    expect((await api("POST", `/api/v1/sessions/${session.id}/reveal`, { token: tokens.owner })).status).toBe(200);
    const after = await api("GET", `/api/v1/sessions/${session.id}/annotations`, { token: bo.token });
    expect(after.json.total).toBe(2);
    const ids = after.json.first.items.map((item: { id: string }) => item.id.split("/").pop());
    expect(ids).toContain(viewEntryId(ada.room, adaMark.id));
    expect(ids).toContain(viewEntryId(session.room, keyMark.id));
    // Anonymous to peers: Bo reads "Reader 1", never Ada's name.
    expect(after.raw).toContain("Reader 1");
    expect(after.raw).not.toContain("Ada");

    const locked = await api("POST", `/api/v1/sessions/${session.id}/lock`, { token: tokens.owner });
    expect(locked.json.state.locked).toBe(true);
    expect((await api("GET", `/api/v1/sessions/${session.id}/state?room=${ada.participantId}`, { token: ada.token })).headers.get("x-marginalia-access")).toBe("read");
    expect((await api("POST", `/api/v1/sessions/${session.id}/unlock`, { token: tokens.owner })).json.state.locked).toBe(false);

    const ended = await api("POST", `/api/v1/sessions/${session.id}/end`, { token: tokens.owner });
    expect(ended.json).toMatchObject({ state: { ended: true, purged: false }, deleted: false });
    const unlock = await api("POST", `/api/v1/sessions/${session.id}/unlock`, { token: tokens.owner });
    expect(unlock.status).toBe(409);
    expect(unlock.json.error.message).toMatch(/has ended/);
    const late = await api("POST", "/api/v1/sessions/join", { body: { code: session.code, name: "Late" } });
    expect(late.status).toBe(410);
    expect(late.json.error.message).toBe("This session has ended.");
    expect((await api("GET", `/api/v1/sessions/${session.id}/state?room=${ada.participantId}`, { token: ada.token })).headers.get("x-marginalia-access")).toBe("read");
  });

  it("scores against the key as JSON and CSV, moderates comments and exports the class copy", async () => {
    const session = await startSession({ mode: "open" });
    const ada = await join(session.code, "Ada Lovelace");
    const bo = await join(session.code, "Bo");
    const adaAuthor = { id: ada.participantId, name: "Ada Lovelace" };
    const adaMark = highlight(adaAuthor, 0, 10, "propaganda", "loaded-language");
    const adaNote = note(adaAuthor, adaMark.id, "This word is loaded.");
    await app.server.realtime.change(ada.room, { annotations: [adaMark], comments: [adaNote] });
    await app.server.realtime.change(bo.room, { annotations: [highlight({ id: bo.participantId, name: "Bo" }, 20, 30, "sourcing")] });
    await app.server.realtime.change(session.room, { annotations: [highlight({ id: "teacher", name: "Awa Teacher" }, 0, 10, "propaganda", "loaded-language")] });

    const results = await api("GET", `/api/v1/sessions/${session.id}/results`, { token: tokens.owner });
    expect(results.status).toBe(200);
    const byName = new Map(results.json.participants.map((entry: { name: string }) => [entry.name, entry]));
    expect(byName.get("Ada Lovelace")).toMatchObject({ participantId: ada.participantId, spans: 1, overall: { precision: 1, recall: 1, f1: 1 } });
    expect(byName.get("Bo")).toMatchObject({ overall: { precision: 0, recall: 0, f1: 0 } });

    const csv = await api("GET", `/api/v1/sessions/${session.id}/results?format=csv`, { token: tokens.owner });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="class-results-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(csv.raw).toContain("Ada Lovelace");
    expect(csv.raw.split("\n").length).toBeGreaterThan(2);
    expect((await api("GET", `/api/v1/sessions/${session.id}/results?format=xml`, { token: tokens.owner })).status).toBe(400);

    const classId = viewEntryId(ada.room, adaNote.id);
    expect((await api("DELETE", `/api/v1/sessions/${session.id}/comments/${classId}`, { token: bo.token })).status).toBe(404);
    const moderated = await api("DELETE", `/api/v1/sessions/${session.id}/comments/${classId}`, { token: tokens.owner });
    expect(moderated.status).toBe(200);
    const [comment] = (await roomRecords(ada.room)).comments;
    expect(comment).toMatchObject({ id: adaNote.id, deleted: true, body: "" });
    expect((await api("DELETE", `/api/v1/sessions/${session.id}/comments/${adaNote.id}`, { token: tokens.owner })).status).toBe(404);

    const named = await api("GET", `/api/v1/sessions/${session.id}/export?format=md`, { token: tokens.owner });
    expect(named.status).toBe(200);
    expect(named.raw).toContain("Ada Lovelace");
    const anonymous = await api("GET", `/api/v1/sessions/${session.id}/export?format=html&anonymize=1`, { token: tokens.owner });
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("content-type")).toMatch(/^text\/html/);
    expect(anonymous.raw).toContain("Reader 1");
    expect(anonymous.raw).toContain("Reader 2");
    expect(anonymous.raw).not.toContain("Ada Lovelace");
    expect(anonymous.raw).not.toContain("Awa Teacher");
    expect((await api("GET", `/api/v1/sessions/${session.id}/export?format=csv`, { token: ada.token })).status).toBe(404);
  });

  it("ends with deleteData: names erased and every room of the session deleted", async () => {
    const session = await startSession({ mode: "open" });
    const ada = await join(session.code, "Ada");
    await app.server.realtime.change(ada.room, { annotations: [highlight({ id: ada.participantId, name: "Ada" }, 0, 5, "context")] });
    await app.server.realtime.change(session.room, { annotations: [highlight({ id: "teacher", name: "Awa Teacher" }, 0, 5, "context")] });
    const prefix = `${documentId}:session:${session.id}:participant:`;
    const stored = async () =>
      (await prisma.realtimeUpdate.count({ where: { room: { startsWith: prefix } } })) + (await prisma.realtimeSnapshot.count({ where: { room: { startsWith: prefix } } }));
    expect(await stored()).toBeGreaterThan(0);

    const ended = await api("POST", `/api/v1/sessions/${session.id}/end`, { token: tokens.owner, body: { deleteData: true } });
    expect(ended.status).toBe(200);
    expect(ended.json).toMatchObject({ state: { ended: true, purged: true }, deleted: true });
    expect(await stored()).toBe(0);
    expect((await prisma.sessionParticipant.findUniqueOrThrow({ where: { id: ada.participantId } })).name).toBeNull();
    const teacher = await api("GET", `/api/v1/sessions/${session.id}`, { token: tokens.owner });
    expect(teacher.json.participants[0].name).toBeNull();
  });

  it("purges names from sessions past the retention period, in the rows and in the students' rooms", async () => {
    const session = await startSession({ mode: "open" });
    const ada = await join(session.code, "Ada");
    await app.server.realtime.change(ada.room, { annotations: [highlight({ id: ada.participantId, name: "Ada" }, 0, 5, "context")] });
    const purged = await purgeExpiredSessions(prisma, app.server.realtime, { retentionDays: 30, now: new Date(Date.now() + 31 * 24 * 60 * 60_000) });
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    const row = await prisma.classSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.purgedAt).not.toBeNull();
    expect(row.endedAt).not.toBeNull();
    expect((await prisma.sessionParticipant.findUniqueOrThrow({ where: { id: ada.participantId } })).name).toBeNull();
    expect((await roomRecords(ada.room)).annotations.map((entry) => entry.authorName)).toEqual(["Reader 1"]);
    const again = await purgeExpiredSessions(prisma, app.server.realtime, { retentionDays: 30, now: new Date(Date.now() + 31 * 24 * 60 * 60_000) });
    expect(again.sessions).toBe(0);
    expect((await api("POST", "/api/v1/sessions/join", { body: { code: session.code, name: "Late" } })).status).toBe(410);
  });
});
