import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { PARTICIPANT_COOKIE } from "@/lib/classroom/participant-token.ts";
import { sessionRoomName } from "@/lib/classroom/session-rooms.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { createDocument } from "@/lib/documents/create-document.ts";
import { textToBlocks } from "@/lib/documents/parse-plain-text-article.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { deleteAnnotation, writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { actionLabel, permissionCells, type Operation, type Outcome, type Principal } from "@/lib/security/permission-matrix.ts";
import { createWorkspace } from "@/lib/workspaces/create-workspace.ts";
import { importFixture } from "@/test/fixtures/import/fixtures.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";
import { annotationOn, rawConnect } from "./realtime-harness.ts";
import { signIn, serverActionIds } from "./next-client.ts";

/**
 * Every cell of lib/security/permission-matrix.ts against the real server: one workspace with
 * one member per role, one classroom session with one participant, set up once; each cell one
 * real request (or websocket), and each mutating cell on an object of its own.
 */

type Account = { userId: string; name: string; apiToken: string; cookie: string };
type Session = { id: string; participantId: string; participantName: string; participantToken: string; room: string };
type Credentials = { bearer: string | null; cookie: string | null; wsToken: string | null };

const METRICS_TOKEN = "permission-matrix-metrics-token";
const ACCOUNTS = ["owner", "editor", "commenter", "viewer", "stranger", "teacher", "author"] as const;
type AccountName = (typeof ACCOUNTS)[number];

/** Joins come from addresses of their own (the server trusts loopback as a proxy), so join limits never bind. */
let nextAddress = 0;
const freshAddress = () => `10.77.${Math.floor(nextAddress / 250) % 250}.${(nextAddress++ % 250) + 1}`;

/** The production build's ids of the app's server actions, by exported name. */
function statusOutcome(status: number, body: string): Outcome {
  if (status >= 200 && status < 300) return "allowed";
  if (status === 401 || status === 403 || status === 404) return String(status) as Outcome;
  throw new Error(`unexpected status ${status}: ${body.slice(0, 300)}`);
}

function formData(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return form;
}

/** React's own encoder of server action arguments, as the browser's form submission uses it. */
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-turbopack/client.node") as {
  encodeReply(value: unknown[]): Promise<string | FormData>;
};

const MESSAGE_SYNC = 0;

/**
 * A Yjs client of one room speaking the y-websocket protocol itself, so a test can tell what the
 * server did with one write: `barrier()` sends a sync step 1 after it, and the server answers
 * frames of one socket in order, so once that answer (or a close) arrives the write was handled.
 */
function openRoom(url: string): Promise<{ status: number; body: string } | RoomSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const doc = new Y.Doc();
    let step2s = 0;
    const waiting: { after: number; resolve: (closed: number | null) => void }[] = [];
    let closedWith: number | null = null;
    const settle = () => {
      for (const waiter of waiting.splice(0)) {
        if (closedWith !== null || step2s >= waiter.after) waiter.resolve(closedWith);
        else waiting.push(waiter);
      }
    };
    const syncStep1 = () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, doc);
      socket.send(encoding.toUint8Array(encoder));
    };
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === socket || socket.readyState !== WebSocket.OPEN) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      socket.send(encoding.toUint8Array(encoder));
    });
    socket.on("message", (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const kind = syncProtocol.readSyncMessage(decoder, reply, doc, socket);
      if (kind === syncProtocol.messageYjsSyncStep1) socket.send(encoding.toUint8Array(reply));
      if (kind === syncProtocol.messageYjsSyncStep2) step2s++;
      settle();
    });
    socket.on("close", (code: number) => {
      closedWith = code;
      settle();
    });
    const answered = (after: number) => new Promise<number | null>((done) => (waiting.push({ after, resolve: done }), settle()));
    socket.once("open", () => {
      syncStep1();
      void answered(1).then(() =>
        resolve({
          doc,
          barrier: () => (syncStep1(), answered(step2s + 1)),
          close: () => (socket.close(), doc.destroy()),
        }),
      );
    });
    socket.once("unexpected-response", (_, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once("error", reject);
  });
}
type RoomSocket = { doc: Y.Doc; barrier(): Promise<number | null>; close(): void };

/**
 * PGlite only: who may do what is decided above the storage (domain functions, the realtime
 * guard), and the other integration tests run both backends; a second run would cost a minute of CI.
 */
const MATRIX_BACKENDS = backends.filter((backend) => backend.name === "pglite");

describe.each(MATRIX_BACKENDS)("permission matrix on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  let prisma: PrismaClient;
  const accounts = {} as Record<AccountName, Account>;
  let workspaceId = "";
  let documentId = "";
  let text = "";
  let session: Session;
  /** A highlight by `author` that comments are written on. */
  let commentTarget: AnnotationRecord;
  let actionIds = new Map<string, string>();

  async function request(method: string, urlPath: string, credentials: Credentials, body?: unknown) {
    const headers: Record<string, string> = { "x-forwarded-for": freshAddress() };
    if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["content-type"] = "application/json";
    }
    const response = await fetch(`${app.url}${urlPath}`, { method, headers, body: payload, redirect: "manual" });
    const raw = await response.text();
    return { status: response.status, raw, outcome: statusOutcome(response.status, raw) };
  }

  /** What a principal presents: accounts their API token (REST, websocket) and session cookie (actions); a student the participant token. */
  function credentialsOf(principal: Principal, ofSession?: string): Credentials {
    if (principal === "anonymous") return { bearer: null, cookie: null, wsToken: null };
    if (principal === "participant") {
      const token = ofSession ?? session.participantToken;
      return { bearer: token, cookie: `${PARTICIPANT_COOKIE}=${token}`, wsToken: token };
    }
    const account = accounts[principal];
    return { bearer: account.apiToken, cookie: account.cookie, wsToken: account.apiToken };
  }

  /** Who writes as a principal in a room: the account, or the student (their participant id is their author id there). */
  function writerOf(principal: Principal): { userId: string; name: string } {
    if (principal === "participant") return { userId: session.participantId, name: session.participantName };
    if (principal === "anonymous") return { userId: "anonymous", name: "Anonymous" };
    return accounts[principal];
  }

  async function startSession(): Promise<{ id: string; code: string }> {
    const created = await request("POST", `/api/v1/documents/${documentId}/sessions`, credentialsOf("teacher"), { mode: "blind" });
    if (created.status !== 201) throw new Error(`could not start a session: ${created.raw}`);
    return JSON.parse(created.raw) as { id: string; code: string };
  }

  async function join(code: string, name: string): Promise<{ participantId: string; token: string; room: string }> {
    const joined = await request("POST", "/api/v1/sessions/join", { bearer: null, cookie: null, wsToken: null }, { code, name });
    if (joined.status !== 201) throw new Error(`could not join: ${joined.raw}`);
    return JSON.parse(joined.raw) as { participantId: string; token: string; room: string };
  }

  /** A session of its own for a cell that changes it: the participant principal joins it, and a second student to remove. */
  async function freshSession(principal: Principal, { victim = false } = {}): Promise<{ id: string; participantToken?: string; victimId?: string }> {
    const started = await startSession();
    // Joins are most of the cost: only the cells that need a student get one.
    const student = principal === "participant" ? await join(started.code, "Ada") : null;
    const removed = victim ? await join(started.code, "Ben") : null;
    return { id: started.id, participantToken: student?.token, victimId: removed?.participantId };
  }

  /** A highlight by the author account, put in the document's room by the server, for cells that delete it. */
  async function authorsHighlight(): Promise<AnnotationRecord> {
    const record = annotationOn(accounts.author, text);
    await app.server.realtime.change(documentId, { annotations: [record] });
    return record;
  }

  /** Calls a server action as the browser does (React's reply encoding, its id in the Next-Action header) and reads its answer. */
  async function callAction(name: string, page: string, principal: Principal, args: { form: Record<string, string> } | { values: unknown[] }) {
    const id = actionIds.get(name);
    if (!id) throw new Error(`no server action ${name} in the build`);
    // (previousState, formData) for a form's action, as useActionState calls it; else the values.
    const encoded = await encodeReply("form" in args ? [undefined, formData(args.form)] : args.values);
    const body = typeof encoded === "string" ? formData({ 0: encoded }) : encoded;
    const headers: Record<string, string> = { "next-action": id, origin: app.url, accept: "text/x-component" };
    const cookie = credentialsOf(principal).cookie;
    if (cookie) headers.cookie = cookie;
    const response = await fetch(`${app.url}${page}`, { method: "POST", headers, body, redirect: "manual" });
    const raw = await response.text();
    const redirect = response.headers.get("x-action-redirect");
    if (redirect) return { outcome: (redirect.startsWith("/signin") ? "sign-in" : "allowed") as Outcome, redirect };
    if (response.status !== 200) throw new Error(`server action ${name} answered ${response.status}: ${raw.slice(0, 300)}`);
    return { outcome: actionResultOutcome(raw), redirect: null };
  }

  /** The ActionResult in a server action's RSC answer: row 0 points at the row that holds it. */
  function actionResultOutcome(raw: string): Outcome {
    const rows = new Map(raw.split("\n").filter(Boolean).map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]));
    const root = JSON.parse(rows.get("0") ?? "null") as { a?: string } | null;
    const ref = root?.a?.startsWith("$@") ? root.a.slice(2) : null;
    const result = JSON.parse((ref ? rows.get(ref) : undefined) ?? "null") as { ok: boolean; error?: string } | null;
    if (!result) throw new Error(`no action result in: ${raw.slice(0, 300)}`);
    if (result.ok) return "allowed";
    // Server actions carry the domain's message, not its code: requireAccess's two refusals.
    if (/ not found\.$/.test(result.error ?? "")) return "404";
    if (/does not allow this/.test(result.error ?? "")) return "403";
    throw new Error(`unexpected action error: ${result.error}`);
  }

  /**
   * Opens the room as the principal: an HTTP refusal of the upgrade is the outcome. Once synced,
   * `write` changes the client's copy; after the barrier the server's own copy of the room says
   * whether it was applied, and a close says it was refused.
   */
  async function inRoom(room: string, principal: Principal, write?: (doc: Y.Doc) => (server: Y.Doc) => boolean): Promise<Outcome> {
    const token = credentialsOf(principal).wsToken;
    const opened = await openRoom(`${app.url.replace(/^http/, "ws")}/realtime/${room}${token ? `?token=${encodeURIComponent(token)}` : ""}`);
    if ("status" in opened) return statusOutcome(opened.status, opened.body);
    try {
      if (!write) return "allowed";
      const applied = write(opened.doc);
      const closed = await opened.barrier();
      if (closed === CloseCode.InvalidUpdate) return "refused";
      if (closed !== null) throw new Error(`the connection closed with ${closed}`);
      const server = app.server.realtime.rooms.find(room)?.doc;
      if (!server) throw new Error(`room ${room} is not open on the server`);
      return applied(server) ? "allowed" : "read-only";
    } finally {
      opened.close();
    }
  }

  const byId = (doc: Y.Doc, id: string) => readAnnotations(doc).some((record) => record.id === id);

  /** A write of a highlight by the principal, and how to tell it from the server's copy. */
  function highlightIn(principal: Principal) {
    return (doc: Y.Doc) => {
      const record = annotationOn(writerOf(principal), text);
      writeAnnotation(doc, record);
      return (server: Y.Doc) => byId(server, record.id);
    };
  }

  /** How each operation is tried for real: it returns what happened, and checks the effect where there is one. */
  const EXERCISE: Record<string, (principal: Principal) => Promise<Outcome>> = {
    "rest.vocabulary.get": async (p) => (await request("GET", `/api/v1/workspaces/${workspaceId}/vocabulary`, credentialsOf(p))).outcome,
    "rest.documents.list": async (p) => (await request("GET", `/api/v1/workspaces/${workspaceId}/documents`, credentialsOf(p))).outcome,
    "rest.document.get": async (p) => (await request("GET", `/api/v1/documents/${documentId}`, credentialsOf(p))).outcome,
    "rest.annotations.list": async (p) => (await request("GET", `/api/v1/documents/${documentId}/annotations`, credentialsOf(p))).outcome,
    "rest.document.create": async (p) => {
      const title = `REST import by ${p} ${randomUUID()}`;
      const { outcome } = await request("POST", `/api/v1/workspaces/${workspaceId}/documents`, credentialsOf(p), { title, text: "One short paragraph." });
      expect(await prisma.document.count({ where: { title } })).toBe(outcome === "allowed" ? 1 : 0);
      return outcome;
    },
    "rest.annotation.create": async (p) => {
      const value = `matrix ${p} ${randomUUID()}`;
      const body = {
        type: "Annotation",
        body: [
          { type: "TextualBody", purpose: "tagging", value: "context" },
          { type: "TextualBody", purpose: "commenting", value },
        ],
        target: { selector: { type: "TextQuoteSelector", exact: "enormous land and air resources" } },
      };
      const { outcome } = await request("POST", `/api/v1/documents/${documentId}/annotations`, credentialsOf(p), body);
      const comments = readComments(await roomDoc(documentId));
      expect(comments.some((comment) => comment.body === value)).toBe(outcome === "allowed");
      return outcome;
    },
    "rest.annotations.import": async (p) => (await request("POST", `/api/v1/documents/${documentId}/import?dryRun=1`, credentialsOf(p), importFixture("w3c-kidal.jsonld"))).outcome,
    "rest.annotation.delete-others": async (p) => {
      const record = await authorsHighlight();
      const { outcome } = await request("DELETE", `/api/v1/annotations/${record.id}`, credentialsOf(p));
      expect(byId(await roomDoc(documentId), record.id)).toBe(outcome !== "allowed");
      return outcome;
    },
    "rest.sessions.list": async (p) => (await request("GET", `/api/v1/documents/${documentId}/sessions`, credentialsOf(p))).outcome,
    "rest.session.create": async (p) => {
      const { outcome } = await request("POST", `/api/v1/documents/${documentId}/sessions`, credentialsOf(p), { mode: "open" });
      expect(await prisma.classSession.count({ where: { mode: "OPEN", createdById: writerOf(p).userId } })).toBe(outcome === "allowed" ? 1 : 0);
      return outcome;
    },

    "websocket.connect": (p) => inRoom(documentId, p),
    "websocket.highlight": (p) =>
      inRoom(documentId, p, (doc) => {
        const record = annotationOn(writerOf(p), text);
        writeAnnotation(doc, record);
        return (server) => byId(server, record.id);
      }),
    "websocket.comment": (p) =>
      inRoom(documentId, p, (doc) => {
        const writer = writerOf(p);
        const id = randomUUID();
        const now = Date.now();
        writeComment(doc, { id, annotationId: commentTarget.id, parentId: null, authorId: writer.userId, authorName: writer.name, body: `Comment by ${p}`, createdAt: now, updatedAt: now, deleted: false });
        return (server) => readComments(server).some((comment) => comment.id === id);
      }),
    "websocket.delete-others": async (p) => {
      const record = await authorsHighlight();
      return inRoom(documentId, p, (doc) => {
        deleteAnnotation(doc, record.id);
        return (server) => !byId(server, record.id);
      });
    },

    "action.workspace.rename": async (p) => {
      const name = `Renamed by ${p} ${randomUUID().slice(0, 8)}`;
      const { outcome } = await callAction("renameWorkspaceAction", `/workspaces/${workspaceId}/settings`, p, { form: { workspaceId, name } });
      expect(await prisma.workspace.count({ where: { name } })).toBe(outcome === "allowed" ? 1 : 0);
      return outcome;
    },
    "action.workspace.delete": async (p) => {
      const doomed = await freshWorkspace();
      const { outcome } = await callAction("deleteWorkspaceAction", `/workspaces/${doomed.id}/settings`, p, { form: { workspaceId: doomed.id, confirmName: doomed.name } });
      expect(await prisma.workspace.count({ where: { id: doomed.id } })).toBe(outcome === "allowed" ? 0 : 1);
      return outcome;
    },
    "action.vocabulary.reset": async (p) => (await callAction("resetVocabularyAction", `/workspaces/${workspaceId}/settings`, p, { form: { workspaceId } })).outcome,
    "action.member.change-role": async (p) => {
      const member = await prisma.user.create({ data: { email: `member-${randomUUID()}@example.org`, name: "Member" } });
      await prisma.membership.create({ data: { workspaceId, userId: member.id, role: "VIEWER" } });
      const { outcome } = await callAction("changeRoleAction", `/workspaces/${workspaceId}/members`, p, { form: { workspaceId, userId: member.id, role: "COMMENTER" } });
      const { role } = await prisma.membership.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId, userId: member.id } } });
      expect(role).toBe(outcome === "allowed" ? "COMMENTER" : "VIEWER");
      return outcome;
    },
    "action.invite.create": async (p) => {
      const before = await prisma.invite.count({ where: { workspaceId } });
      const { outcome } = await callAction("createInviteAction", `/workspaces/${workspaceId}/members`, p, { form: { workspaceId, role: "VIEWER", expiresInDays: "7" } });
      if (outcome !== "allowed") expect(await prisma.invite.count({ where: { workspaceId, createdById: writerOf(p).userId } })).toBe(0);
      else expect(await prisma.invite.count({ where: { workspaceId } })).toBeGreaterThan(before);
      return outcome;
    },
    "action.import.save": async (p) => {
      const title = `Action import by ${p} ${randomUUID()}`;
      const draft = { title, source: "Matrix", author: "", publishedAt: "", language: "en", blocks: textToBlocks("One short paragraph."), importedFrom: null };
      const { outcome } = await callAction("saveImportAction", `/workspaces/${workspaceId}/import`, p, { values: [workspaceId, draft] });
      expect(await prisma.document.count({ where: { title } })).toBe(outcome === "allowed" ? 1 : 0);
      return outcome;
    },
    "action.version.save": async (p) => {
      const document = await createDocument(prisma, accounts.owner, { workspaceId, title: `Versioned ${randomUUID()}`, text: "First version." });
      const form = { documentId: document.id, title: document.title, text: `Second version by ${p}.`, source: "", author: "", publishedAt: "", language: "" };
      const { outcome } = await callAction("saveVersionAction", `/documents/${document.id}/edit`, p, { form });
      expect(await prisma.document.count({ where: { previousVersionId: document.id } })).toBe(outcome === "allowed" ? 1 : 0);
      return outcome;
    },

    "export.document": async (p) => (await request("GET", `/api/v1/documents/${documentId}/export?format=jsonld`, credentialsOf(p))).outcome,
    "export.session": async (p) => (await request("GET", `/api/v1/sessions/${session.id}/export`, credentialsOf(p))).outcome,

    "state.annotation-state": async (p) => (await request("GET", `/api/v1/documents/${documentId}/annotation-state`, credentialsOf(p))).outcome,

    "classroom.session.get": async (p) => (await request("GET", `/api/v1/sessions/${session.id}`, credentialsOf(p))).outcome,
    "classroom.results": async (p) => (await request("GET", `/api/v1/sessions/${session.id}/results`, credentialsOf(p))).outcome,
    "classroom.lock": async (p) => {
      const own = await freshSession(p);
      const { outcome } = await request("POST", `/api/v1/sessions/${own.id}/lock`, credentialsOf(p, own.participantToken));
      expect((await prisma.classSession.findUniqueOrThrow({ where: { id: own.id } })).lockedAt !== null).toBe(outcome === "allowed");
      return outcome;
    },
    "classroom.end": async (p) => {
      const own = await freshSession(p);
      const { outcome } = await request("POST", `/api/v1/sessions/${own.id}/end`, credentialsOf(p, own.participantToken));
      expect((await prisma.classSession.findUniqueOrThrow({ where: { id: own.id } })).endedAt !== null).toBe(outcome === "allowed");
      return outcome;
    },
    "classroom.participant.remove": async (p) => {
      const own = await freshSession(p, { victim: true });
      const { outcome } = await request("DELETE", `/api/v1/sessions/${own.id}/participants/${own.victimId}`, credentialsOf(p, own.participantToken));
      expect((await prisma.sessionParticipant.findUniqueOrThrow({ where: { id: own.victimId! } })).removedAt !== null).toBe(outcome === "allowed");
      return outcome;
    },
    "classroom.state.participant": async (p) => (await request("GET", `/api/v1/sessions/${session.id}/state?room=${session.participantId}`, credentialsOf(p))).outcome,
    "classroom.state.key": async (p) => (await request("GET", `/api/v1/sessions/${session.id}/state?room=key`, credentialsOf(p))).outcome,
    "classroom.room.participant": (p) => inRoom(session.room, p, highlightIn(p)),
    "classroom.room.key": (p) => inRoom(sessionRoomName(documentId, session.id, { kind: "key" }), p, highlightIn(p)),

    "metrics.read": async (p) => {
      const credentials = credentialsOf(p);
      const headers: Record<string, string> = {};
      if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
      if (credentials.cookie) headers.cookie = credentials.cookie;
      const response = await fetch(`${app.url}/metrics`, { headers });
      return statusOutcome(response.status, await response.text());
    },
  };

  async function roomDoc(room: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const state = await app.server.realtime.state(room);
    if (state.byteLength > 0) Y.applyUpdate(doc, state);
    return doc;
  }

  /** A workspace of its own with every member role, for a cell that deletes it. */
  async function freshWorkspace(): Promise<{ id: string; name: string }> {
    const name = `Doomed ${randomUUID().slice(0, 8)}`;
    const { id } = await createWorkspace(prisma, accounts.owner, { name });
    const roles = { editor: "EDITOR", commenter: "COMMENTER", viewer: "VIEWER", teacher: "EDITOR" } as const;
    await prisma.membership.createMany({ data: Object.entries(roles).map(([who, role]) => ({ workspaceId: id, userId: accounts[who as keyof typeof roles].userId, role })) });
    return { id, name };
  }

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage, { trustedProxies: ["127.0.0.1"], metricsToken: METRICS_TOKEN });
    prisma = app.server.database.prisma;
    actionIds = serverActionIds();
    const password = "matrix password 1";
    const owner = await signUp(prisma, { email: "owner@example.org", name: "Owner", password });
    workspaceId = owner.workspaceId;
    // bcrypt is the slow part of an account: the others share the owner's password hash.
    const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: owner.userId }, select: { passwordHash: true } });
    const roles: Partial<Record<AccountName, "EDITOR" | "COMMENTER" | "VIEWER">> = { editor: "EDITOR", commenter: "COMMENTER", viewer: "VIEWER", teacher: "EDITOR", author: "EDITOR" };
    await Promise.all(
      ACCOUNTS.map(async (account) => {
        const name = `${account[0]!.toUpperCase()}${account.slice(1)}`;
        const email = `${account}@example.org`;
        const userId = account === "owner" ? owner.userId : (await prisma.user.create({ data: { email, name, passwordHash } })).id;
        const role = roles[account];
        if (role) await prisma.membership.create({ data: { workspaceId, userId, role } });
        const apiToken = (await createApiToken(prisma, { userId }, { name: "matrix" })).token;
        // The author only writes the highlights others try to delete: it never signs in.
        const cookie = account === "author" ? "" : await signIn(app.url, email, password);
        accounts[account] = { userId, name, apiToken, cookie };
      }),
    );
    const document = await prisma.document.findFirstOrThrow({ where: { workspaceId } });
    documentId = document.id;
    text = canonicalBodyText(bodySchema.parse(document.body));
    commentTarget = await authorsHighlight();

    const started = await startSession();
    const student = await join(started.code, "Ada");
    session = { id: started.id, participantId: student.participantId, participantName: "Ada", participantToken: student.token, room: student.room };
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  it("exercises every operation of the table", () => {
    const missing = [...new Set(permissionCells().map((cell) => cell.operation.id))].filter((id) => !(id in EXERCISE));
    expect(missing).toEqual([]);
  });

  it("lets the metrics token read metrics, so the 403s above are the rule and not a broken endpoint", async () => {
    const response = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^# HELP/m);
  });

  it("answers an anonymous caller alike for a workspace's document and an id that does not exist", async () => {
    const missing = randomUUID();
    const none = { bearer: null, cookie: null, wsToken: null };
    for (const route of ["annotation-state", "export"]) {
      expect((await request("GET", `/api/v1/documents/${documentId}/${route}`, none)).status).toBe(401);
      expect((await request("GET", `/api/v1/documents/${missing}/${route}`, none)).status).toBe(401);
    }
    const ws = app.url.replace(/^http/, "ws");
    expect(await rawConnect(`${ws}/realtime/${documentId}`)).toMatchObject({ status: 401 });
    expect(await rawConnect(`${ws}/realtime/${missing}`)).toMatchObject({ status: 401 });
  });

  describe.concurrent("cells", () => {
    for (const { principal, operation, expected } of permissionCells()) {
      it(cellName(principal, operation, expected), async () => {
        expect(await EXERCISE[operation.id]!(principal)).toBe(expected);
      });
    }
  });
});

function cellName(principal: Principal, operation: Operation, expected: Outcome): string {
  return `${principal} × ${actionLabel(operation)} × ${operation.surface} (${operation.what}) → ${expected}`;
}
