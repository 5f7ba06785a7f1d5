import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";
import { waitFor } from "./realtime-harness.ts";

describe.each(backends)("W3C annotations over REST and realtime together on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  let token = "";
  let viewerToken = "";
  let documentId = "";
  let userId = "";
  let provider: WebsocketProvider;
  const doc = new Y.Doc();

  const api = (method: string, path: string, body?: unknown, as = token) =>
    fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${as}`, ...(body ? { "content-type": "application/ld+json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage);
    const prisma = app.server.database.prisma;
    const owner = await signUp(prisma, { email: "w3c@example.org", name: "Awa", password: "long enough password" });
    const viewer = await signUp(prisma, { email: "w3c-viewer@example.org", name: "Vic", password: "long enough password" });
    await prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: viewer.userId, role: "VIEWER" } });
    userId = owner.userId;
    token = (await createApiToken(prisma, { userId }, { name: "t" })).token;
    viewerToken = (await createApiToken(prisma, { userId: viewer.userId }, { name: "t" })).token;
    documentId = (await prisma.document.findFirstOrThrow({ where: { workspaceId: owner.workspaceId } })).id;
    provider = new WebsocketProvider(`${app.url.replace("http", "ws")}/realtime`, documentId, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: { token },
      disableBc: true,
    });
    await new Promise<void>((resolve) => provider.once("sync", () => resolve()));
  });
  afterAll(async () => {
    provider?.destroy();
    await app?.close();
    await storage?.destroy();
  });

  it("an annotation POSTed over REST reaches a connected client at once, as valid W3C JSON-LD", async () => {
    const response = await api("POST", `/api/v1/documents/${documentId}/annotations`, {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      body: [
        { type: "TextualBody", purpose: "tagging", value: "propaganda" },
        { type: "TextualBody", purpose: "classifying", value: "loaded-language" },
        { type: "TextualBody", purpose: "commenting", value: "Whose word is this?" },
      ],
      target: { selector: { type: "TextQuoteSelector", exact: "enormous land and air resources" } },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; target: { source: string; selector: { type: string }[] }; creator: { name: string } };
    expect(created.id).toMatch(new RegExp(`^${app.url}/api/v1/annotations/[0-9a-f-]{36}$`));
    expect(created.target.source).toBe(`${app.url}/documents/${documentId}`);
    expect(created.target.selector.map((selector) => selector.type)).toEqual(["TextQuoteSelector", "TextPositionSelector"]);
    expect(created.creator.name).toBe("Awa");
    const id = created.id.split("/").at(-1)!;
    await waitFor(doc, () => readAnnotations(doc).some((record) => record.id === id));
    expect(readAnnotations(doc).find((record) => record.id === id)).toMatchObject({ tag: "propaganda", exact: "enormous land and air resources" });
  });

  it("an annotation written by a client shows up in the REST listing", async () => {
    const text = "tactical";
    const listed = async () => (await (await api("GET", `/api/v1/documents/${documentId}/annotations`)).json()) as { type: string; total: number; first: { items: { id: string }[] } };
    const before = await listed();
    const body = ((await (await api("GET", `/api/v1/documents/${documentId}`)).json()) as { text: string }).text;
    const start = codePointLength(body.slice(0, body.indexOf(text)));
    const id = crypto.randomUUID();
    writeAnnotation(doc, {
      id,
      ...textQuoteAnchor(body, start, start + codePointLength(text)),
      tag: "sourcing", technique: null, authorId: userId, authorName: "Awa", createdAt: Date.now(), updatedAt: Date.now(), resolved: false, resolvedBy: null, resolvedAt: null,
    });
    await expect.poll(async () => (await listed()).total, { timeout: 5_000 }).toBe(before.total + 1);
    const after = await listed();
    expect(after.type).toBe("AnnotationCollection");
    const { workspaceId } = (await (await api("GET", `/api/v1/documents/${documentId}`)).json()) as { workspaceId: string };
    const documents = (await (await api("GET", `/api/v1/workspaces/${workspaceId}/documents`)).json()) as { documents: { id: string; annotationCount: number }[] };
    expect(documents.documents.find((document) => document.id === documentId)?.annotationCount).toBe(after.total);
    expect(after.first.items.map((item) => item.id)).toContain(`${app.url}/api/v1/annotations/${id}`);
  });

  it("refuses bad input with 400 naming the problem, viewers with 403, and deletes through the room", async () => {
    const missing = await api("POST", `/api/v1/documents/${documentId}/annotations`, {
      type: "Annotation",
      body: { type: "TextualBody", purpose: "tagging", value: "propaganda" },
      target: { selector: { type: "TextQuoteSelector", exact: "a sentence the article never says" } },
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/not in the article/);

    const viewerWrite = await api(
      "POST",
      `/api/v1/documents/${documentId}/annotations`,
      { type: "Annotation", body: { type: "TextualBody", purpose: "tagging", value: "context" }, target: { selector: { type: "TextQuoteSelector", exact: "Kidal airport" } } },
      viewerToken,
    );
    expect(viewerWrite.status).toBe(403);

    const [first] = readAnnotations(doc);
    const deleted = await api("DELETE", `/api/v1/annotations/${first!.id}`);
    expect(deleted.status).toBe(204);
    await waitFor(doc, () => !readAnnotations(doc).some((record) => record.id === first!.id));
    expect((await api("DELETE", `/api/v1/annotations/${first!.id}`)).status).toBe(404);
  });

  it("serves a room's state to its readers: from memory while the room is open, as stored once it is not, the demo to anyone", async () => {
    const stateOf = async (response: Response) => {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/octet-stream");
      expect(response.headers.get("cache-control")).toContain("no-store");
      const copy = new Y.Doc();
      Y.applyUpdate(copy, new Uint8Array(await response.arrayBuffer()));
      return copy;
    };
    const path = `/api/v1/documents/${documentId}/annotation-state`;
    // Written by the connected client a moment ago: the open room has it before storage may.
    const body = ((await (await api("GET", `/api/v1/documents/${documentId}`)).json()) as { text: string }).text;
    const start = codePointLength(body.slice(0, body.indexOf("Kidal")));
    const id = crypto.randomUUID();
    writeAnnotation(doc, {
      id, ...textQuoteAnchor(body, start, start + 5),
      tag: "context", technique: null, authorId: userId, authorName: "Awa", createdAt: Date.now(), updatedAt: Date.now(), resolved: false, resolvedBy: null, resolvedAt: null,
    });
    await expect.poll(() => app.server.realtime.rooms.find(documentId)?.doc.getMap("annotations").has(id)).toBe(true);
    // Encoded once per change of the room: a second reader gets the same bytes, a change makes new ones.
    const encoded = await app.server.realtime.state(documentId);
    expect(await app.server.realtime.state(documentId)).toBe(encoded);
    const state = await stateOf(await api("GET", path));
    expect(readAnnotations(state)).toEqual(readAnnotations(doc));
    expect(readComments(state)).toEqual(readComments(doc));
    expect(readAnnotations(await stateOf(await api("GET", path, undefined, viewerToken))).map((record) => record.id)).toContain(id);
    writeAnnotation(doc, { ...readAnnotations(doc).find((record) => record.id === id)!, resolved: true, resolvedBy: userId, resolvedAt: Date.now(), updatedAt: Date.now() });
    await expect.poll(async () => readAnnotations(await stateOf(await api("GET", path))).find((record) => record.id === id)?.resolved).toBe(true);
    expect(await app.server.realtime.state(documentId)).not.toBe(encoded);

    const stranger = await signUp(app.server.database.prisma, { email: "w3c-stranger@example.org", name: "Sam", password: "long enough password" });
    const strangerToken = (await createApiToken(app.server.database.prisma, { userId: stranger.userId }, { name: "t" })).token;
    expect((await api("GET", path, undefined, strangerToken)).status).toBe(404);
    expect((await fetch(`${app.url}${path}`)).status).toBe(401);
    expect((await api("GET", path, undefined, "mgl_not-a-token")).status).toBe(401);
    expect((await api("GET", "/api/v1/documents/no-such-document/annotation-state")).status).toBe(404);

    // The demo, which no client has open: read from storage, by anyone, signed in or not.
    const demo = await app.server.database.prisma.document.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
    const demoText = ((await (await api("GET", `/api/v1/documents/${demo.id}`)).json()) as { text: string }).text;
    const demoStart = codePointLength(demoText.slice(0, demoText.indexOf("Kidal")));
    const demoId = crypto.randomUUID();
    await app.server.realtime.change(demo.id, {
      annotations: [{
        id: demoId, ...textQuoteAnchor(demoText, demoStart, demoStart + 5),
        tag: "context", technique: null, authorId: userId, authorName: "Awa", createdAt: Date.now(), updatedAt: Date.now(), resolved: false, resolvedBy: null, resolvedAt: null,
      }],
    });
    await expect.poll(() => app.server.realtime.rooms.find(demo.id)).toBeUndefined();
    const anonymous = await stateOf(await fetch(`${app.url}/api/v1/documents/${demo.id}/annotation-state`));
    // Besides the example answer key the demo ships with (seeded at start).
    expect(readAnnotations(anonymous).map((record) => record.id)).toContain(demoId);
  });
});
