import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { projectionRecords } from "@/lib/annotations/projection-records.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { readAnnotations } from "@/lib/realtime/read-doc.ts";
import { importFixture } from "@/test/fixtures/import/fixtures.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";
import { waitFor } from "./realtime-harness.ts";

type Report = { imported: number; comments: number; skipped: number; dryRun: boolean; orphaned: Array<{ exact: string; reason: string }>; untagged: Array<{ exact: string }> };

describe.each(backends)("importing W3C and Hypothesis annotations on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  let ownerToken = "";
  let commenterToken = "";
  let strangerToken = "";
  let documentId = "";
  let provider: WebsocketProvider;
  const doc = new Y.Doc();

  const importFile = (file: unknown, { token = ownerToken, query = "" }: { token?: string | null; query?: string } = {}) =>
    fetch(`${app.url}/api/v1/documents/${documentId}/import${query}`, {
      method: "POST",
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/ld+json" },
      body: typeof file === "string" ? file : JSON.stringify(file),
    });
  const stored = () => projectionRecords(app.server.database.prisma, documentId);

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage);
    const prisma = app.server.database.prisma;
    const owner = await signUp(prisma, { email: "import-owner@example.org", name: "Olu", password: "long enough password" });
    const commenter = await signUp(prisma, { email: "import-commenter@example.org", name: "Cam", password: "long enough password" });
    const stranger = await signUp(prisma, { email: "import-stranger@example.org", name: "Sam", password: "long enough password" });
    await prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: commenter.userId, role: "COMMENTER" } });
    ownerToken = (await createApiToken(prisma, { userId: owner.userId }, { name: "t" })).token;
    commenterToken = (await createApiToken(prisma, { userId: commenter.userId }, { name: "t" })).token;
    strangerToken = (await createApiToken(prisma, { userId: stranger.userId }, { name: "t" })).token;
    documentId = (await prisma.document.findFirstOrThrow({ where: { workspaceId: owner.workspaceId } })).id;
    provider = new WebsocketProvider(`${app.url.replace("http", "ws")}/realtime`, documentId, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: { token: ownerToken },
      disableBc: true,
    });
    await new Promise<void>((resolve) => provider.once("sync", () => resolve()));
    // Three sign-ups hash three passwords: on a loaded shared runner that alone took over a minute.
  }, 180_000);
  afterAll(async () => {
    provider?.destroy();
    await app?.close();
    await storage?.destroy();
  });

  it("refuses commenters, strangers and anonymous callers, writing nothing", async () => {
    const file = importFixture("w3c-kidal.jsonld");
    expect((await importFile(file, { token: commenterToken })).status).toBe(403);
    expect((await importFile(file, { token: strangerToken })).status).toBe(404);
    expect((await importFile(file, { token: null })).status).toBe(401);
    expect((await stored()).annotations).toEqual([]);
  });

  it("refuses a bad file with a 400 that names the problem, writing nothing", async () => {
    const broken = importFixture("w3c-kidal.jsonld") as { first: { items: Array<Record<string, unknown>> } };
    broken.first.items[4] = { ...broken.first.items[4], target: 17 };
    const response = await importFile(broken);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/items\[4\]\.target/);
    expect((await importFile("{not json")).status).toBe(400);
    expect((await stored()).annotations).toEqual([]);
  });

  it("a dry run reports what an import would do and writes nothing", async () => {
    const response = await importFile(importFixture("w3c-kidal.jsonld"), { query: "?dryRun=1" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ dryRun: true, imported: 3, comments: 4, orphaned: [{ exact: "a sentence this article never contained" }] });
    // A plain JSON list of annotations is a W3C file too.
    const { first } = importFixture("w3c-kidal.jsonld") as { first: { items: unknown[] } };
    expect(await (await importFile(first.items, { query: "?dryRun=1" })).json()).toMatchObject({ format: "w3c", imported: 3 });
    expect((await stored()).annotations).toEqual([]);
  });

  it("imports a W3C collection with a threaded discussion: connected readers see it at once, the projection holds it, a second import adds nothing", async () => {
    const response = await importFile(importFixture("w3c-kidal.jsonld"));
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report).toMatchObject({ dryRun: false, imported: 3, comments: 4, skipped: 0 });
    expect(report.orphaned).toEqual([{ exact: "a sentence this article never contained", reason: expect.stringMatching(/not in this document/) }]);

    await waitFor(doc, () => readAnnotations(doc).length === 3);
    const { annotations, comments } = await stored();
    expect(annotations.map(({ exact, tag, technique, resolved, authorName }) => ({ exact, tag, technique, resolved, authorName })).sort((a, b) => (a.exact < b.exact ? -1 : 1))).toEqual([
      { exact: "according to several sources", tag: "sourcing", technique: "anonymous-source", resolved: true, authorName: "Ben Keïta" },
      { exact: "enormous land and air resources", tag: "propaganda", technique: "loaded-language", resolved: false, authorName: "Awa Traoré" },
      { exact: "“tactical” withdrawal", tag: "context", technique: null, resolved: false, authorName: "Chloé Martin" },
    ]);
    const enormous = annotations.find((annotation) => annotation.exact.startsWith("enormous"))!;
    expect(enormous.createdAt).toBe(Date.parse("2026-11-02T09:15:00.000Z"));
    const thread = comments.filter((comment) => comment.annotationId === enormous.id);
    const root = thread.find((comment) => comment.parentId === null)!;
    const reply = thread.find((comment) => comment.parentId === root.id)!;
    const replyToReply = thread.find((comment) => comment.parentId === reply.id)!;
    expect([root.authorName, reply.authorName, replyToReply.authorName]).toEqual(["Ben Keïta", "Chloé Martin", "Awa Traoré"]);
    expect(replyToReply.body).toBe("Fair: I will add the MINUSMA figures.");

    const again = (await (await importFile(importFixture("w3c-kidal.jsonld"))).json()) as Report;
    expect(again).toMatchObject({ imported: 0, comments: 0, skipped: 3 });
    const after = await stored();
    expect(after.annotations).toHaveLength(3);
    expect(after.comments).toHaveLength(comments.length);
  });

  it("imports a Hypothesis export whose straight quotes land on the article's curly-quoted text", async () => {
    const report = (await (await importFile(importFixture("hypothesis-kidal.json"))).json()) as Report;
    expect(report).toMatchObject({ imported: 3, comments: 3, skipped: 1, orphaned: [], untagged: [{ exact: "Independence Square in Bamako" }] });
    const { annotations } = await stored();
    expect(annotations.map((annotation) => annotation.exact)).toEqual(expect.arrayContaining(["It’s difficult to ignore Wagner’s fighters", "Independence Square in Bamako"]));
    // The Hypothesis “tactical” withdrawal lands where the W3C one already is: two highlights, one passage.
    expect(annotations.filter((annotation) => annotation.exact === "“tactical” withdrawal")).toHaveLength(2);
  });
});
