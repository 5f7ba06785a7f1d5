import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { revokeApiToken } from "@/lib/auth/api-tokens/revoke-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { Database } from "@/lib/db/database.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import { issueRealtimeToken } from "@/lib/realtime/realtime-token.ts";
import { readAnnotations } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { annotationOn, AUTH_SECRET, rawConnect, startRealtime, waitFor, type Client, type RealtimeHarness } from "./realtime-harness.ts";
import { NO_REALTIME_SERVER } from "@/lib/realtime/access-event.ts";

type Person = { userId: string; name: string; token: string; workspaceId: string };

/** The canonical text of a stored document body. */
function bodyText(body: unknown): string {
  return canonicalBodyText(bodySchema.parse(body));
}

/** How the server closes this client's current connection. */
function closeOf(client: Client) {
  return new Promise<{ code: number; reason: string }>((resolve) =>
    client.provider.once("connection-close", (event: CloseEvent | null) => resolve({ code: event?.code ?? 0, reason: event?.reason ?? "" })),
  );
}

describe.each(backends)("realtime server on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;
  let harness: RealtimeHarness;
  let owner: Person;
  let editor: Person;
  let viewer: Person;
  let outsider: Person;
  let documentId = "";
  let text = "";

  async function person(name: string, workspaceId?: string, role?: "EDITOR" | "VIEWER"): Promise<Person> {
    const account = await signUp(database.prisma, { email: `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@example.org`, name, password: "long enough password" });
    if (workspaceId && role) await database.prisma.membership.create({ data: { workspaceId, userId: account.userId, role } });
    const { token } = await createApiToken(database.prisma, { userId: account.userId }, { name: "test" });
    return { userId: account.userId, name, token, workspaceId: account.workspaceId };
  }

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    await seedDemoDocument(database.prisma);
    owner = await person("Owner");
    editor = await person("Editor", owner.workspaceId, "EDITOR");
    viewer = await person("Viewer", owner.workspaceId, "VIEWER");
    outsider = await person("Outsider");
    const document = await database.prisma.document.findFirstOrThrow({ where: { workspaceId: owner.workspaceId } });
    documentId = document.id;
    text = bodyText(document.body);
    harness = await startRealtime(database);
  });
  afterAll(async () => {
    await harness?.close();
    await database?.close();
    await storage?.destroy();
  });

  it("syncs an annotation from one browser to another at once, and a reply back", async () => {
    const a = harness.client(documentId, owner.token);
    const b = harness.client(documentId, editor.token);
    await Promise.all([a.synced(), b.synced()]);
    const annotation = annotationOn(owner, text);
    writeAnnotation(a.doc, annotation);
    await waitFor(b.doc, () => readAnnotations(b.doc).some((record) => record.id === annotation.id));

    const reply = { id: randomUUID(), annotationId: annotation.id, parentId: null, authorId: editor.userId, authorName: editor.name, body: "Whose word is “tactical”?", createdAt: Date.now(), updatedAt: Date.now(), deleted: false };
    writeComment(b.doc, reply);
    await waitFor(a.doc, () => a.doc.getMap("comments").has(reply.id));
    a.destroy();
    b.destroy();
  });

  it("refuses connections without the right credentials, before the upgrade", async () => {
    const room = `${harness.wsUrl}/${documentId}`;
    const revoked = await createApiToken(database.prisma, { userId: owner.userId }, { name: "old" });
    await revokeApiToken(database.prisma, NO_REALTIME_SERVER, { userId: owner.userId }, { tokenId: revoked.id });
    const expectations: [string, Record<string, string>, number][] = [
      [room, {}, 401],
      [`${room}?token=mgl_nonsense`, {}, 401],
      [`${room}?token=${revoked.token}`, {}, 401],
      [`${room}?token=rt_forged.signature`, {}, 401],
      [`${room}?token=${outsider.token}`, {}, 404],
      [`${harness.wsUrl}/no-such-document?token=${owner.token}`, {}, 404],
      [`${harness.wsUrl}/bad%2Fname?token=${owner.token}`, {}, 404],
      [`${room}?token=${owner.token}`, { origin: "https://evil.example" }, 403],
    ];
    for (const [url, headers, status] of expectations) {
      const answer = await rawConnect(url, headers);
      expect("status" in answer ? answer.status : "opened", url).toBe(status);
    }
    const realtimeToken = issueRealtimeToken({ userId: owner.userId, sessionVersion: 0 }, AUTH_SECRET);
    const ok = await rawConnect(`${room}?token=${realtimeToken}`, { origin: harness.url });
    expect("opened" in ok).toBe(true);
    if ("opened" in ok) ok.opened.close();
  });

  it("lets anyone watch the demo article and nobody write to it", async () => {
    const demo = await database.prisma.document.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
    const anonymous = harness.client(demo.id, null);
    const member = harness.client(demo.id, owner.token);
    await Promise.all([anonymous.synced(), member.synced()]);
    writeAnnotation(member.doc, annotationOn(owner, bodyText(demo.body), "Kidal"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readAnnotations(anonymous.doc)).toEqual([]);
    anonymous.destroy();
    member.destroy();
  });

  it("applies nothing a viewer writes, and refuses a malformed annotation with a reason", async () => {
    const watcher = harness.client(documentId, owner.token);
    const reader = harness.client(documentId, viewer.token);
    await Promise.all([watcher.synced(), reader.synced()]);
    const before = readAnnotations(watcher.doc).length;
    writeAnnotation(reader.doc, annotationOn(viewer, text));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readAnnotations(watcher.doc)).toHaveLength(before);

    const forger = harness.client(documentId, editor.token);
    await forger.synced();
    const closed = closeOf(forger);
    forger.doc.getMap("annotations").set(randomUUID(), new Y.Map([["tag", "nonsense"]]));
    const { code, reason } = await closed;
    expect(code).toBe(CloseCode.InvalidUpdate);
    expect(reason).toMatch(/annotation/);
    forger.destroy();

    const impostor = harness.client(documentId, editor.token);
    await impostor.synced();
    const impostorClosed = closeOf(impostor);
    writeAnnotation(impostor.doc, annotationOn(owner, text));
    expect(await impostorClosed).toMatchObject({ code: CloseCode.InvalidUpdate, reason: expect.stringMatching(/must be yours/) });
    impostor.destroy();
    expect(readAnnotations(watcher.doc)).toHaveLength(before);
    watcher.destroy();
    reader.destroy();
  });

  it("closes only the connection that sends a malformed frame", async () => {
    const good = harness.client(documentId, owner.token);
    await good.synced();
    const raw = await rawConnect(`${harness.wsUrl}/${documentId}?token=${editor.token}`);
    if (!("opened" in raw)) throw new Error("expected a connection");
    const closed = new Promise<number>((resolve) => raw.opened.once("close", (code) => resolve(code)));
    raw.opened.send(Buffer.from([0, 7, 255, 255, 255]));
    expect(await closed).toBe(CloseCode.MalformedMessage);
    const annotation = annotationOn(owner, text);
    const other = harness.client(documentId, editor.token);
    await other.synced();
    writeAnnotation(good.doc, annotation);
    await waitFor(other.doc, () => readAnnotations(other.doc).some((record) => record.id === annotation.id));
    good.destroy();
    other.destroy();
  });

  it("turns away an address that opens connections too fast, with 429", async () => {
    const limited = await startRealtime(database, { limits: { connectionsPerMinutePerAddress: 3 } });
    const answers = [];
    for (let attempt = 0; attempt < 4; attempt++) answers.push(await rawConnect(`${limited.wsUrl}/${documentId}?token=${owner.token}`));
    expect(answers.slice(0, 3).every((answer) => "opened" in answer)).toBe(true);
    expect(answers[3]).toMatchObject({ status: 429 });
    for (const answer of answers) if ("opened" in answer) answer.opened.close();
    await limited.close();
  });

  it("stores what it accepted: after a restart the room holds the same state, and the projection lists it", async () => {
    const a = harness.client(documentId, owner.token);
    await a.synced();
    const annotation = annotationOn(owner, text);
    writeAnnotation(a.doc, annotation);
    await waitFor(a.doc, () => true);
    const expected = Y.encodeStateVector(a.doc);
    await new Promise((resolve) => setTimeout(resolve, 100));
    a.destroy();
    await harness.close();

    harness = await startRealtime(database);
    const b = harness.client(documentId, owner.token);
    await b.synced();
    expect(readAnnotations(b.doc).map((record) => record.id)).toContain(annotation.id);
    expect(Y.encodeStateVector(b.doc)).toEqual(expected);
    const row = await database.prisma.annotation.findUnique({ where: { id: annotation.id } });
    expect(row).toMatchObject({ documentId, tag: "propaganda", exact: "“tactical” withdrawal", authorId: owner.userId });
    b.destroy();
  });
});
