import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { projectionRecords } from "@/lib/annotations/projection-records.ts";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { AnnotationRecord, CommentRecord, Tag } from "@/lib/realtime/doc-schema.ts";
import { writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";
import { waitFor } from "./realtime-harness.ts";

type Person = { userId: string; name: string; token: string };
type Records = { annotations: AnnotationRecord[]; comments: CommentRecord[] };
type Report = { imported: number; comments: number; skipped: number; orphaned: unknown[]; untagged: unknown[] };

/**
 * What a reader sees of a document's annotations, without ids, which differ between documents:
 * each highlight's place, quote, tags, resolution and author, and its thread as a tree of
 * bodies, authors and times in reply order.
 */
function annotationSet({ annotations, comments }: Records) {
  const live = comments.filter((comment) => !comment.deleted);
  const liveIds = new Set(live.map((comment) => comment.id));
  // A reply to a deleted comment is read as a first-level comment (the export leaves deleted ones out).
  const parentOf = (comment: CommentRecord) => (comment.parentId !== null && liveIds.has(comment.parentId) ? comment.parentId : null);
  const thread = (annotationId: string, parentId: string | null): unknown[] =>
    live
      .filter((comment) => comment.annotationId === annotationId && parentOf(comment) === parentId)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((comment) => ({ author: comment.authorName, body: comment.body, createdAt: comment.createdAt, updatedAt: comment.updatedAt, replies: thread(annotationId, comment.id) }));
  return annotations
    .map((annotation) => ({
      start: annotation.start,
      end: annotation.end,
      exact: annotation.exact,
      prefix: annotation.prefix,
      suffix: annotation.suffix,
      tag: annotation.tag,
      technique: annotation.technique,
      resolved: annotation.resolved,
      author: annotation.authorName,
      createdAt: annotation.createdAt,
      thread: thread(annotation.id, null),
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.tag.localeCompare(b.tag));
}

describe.each(backends)("exporting JSON-LD and importing it into a fresh copy on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  let awa: Person;
  let chloe: Person;
  let workspaceId = "";
  let sourceId = "";
  let text = "";
  const providers: WebsocketProvider[] = [];

  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${app.url}${path}`, { ...init, headers: { authorization: `Bearer ${init.token ?? awa.token}`, "content-type": "application/json", ...init.headers } });
  const stored = (documentId: string) => projectionRecords(app.server.database.prisma, documentId);

  /** A fresh copy of the same article in the workspace, made through the documents API. */
  async function freshCopy(): Promise<string> {
    const source = (await (await api(`/api/v1/documents/${sourceId}`)).json()) as { title: string; source: string; blocks: unknown[]; language: string };
    const response = await api(`/api/v1/workspaces/${workspaceId}/documents`, {
      method: "POST",
      body: JSON.stringify({ title: source.title, source: source.source, blocks: source.blocks, language: source.language }),
    });
    expect(response.status).toBe(201);
    const copy = (await response.json()) as { id: string; text: string };
    expect(copy.text).toBe(text);
    return copy.id;
  }

  async function connect(person: Person, documentId: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${app.url.replace("http", "ws")}/realtime`, documentId, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: { token: person.token },
      disableBc: true,
    });
    providers.push(provider);
    await new Promise<void>((resolve) => provider.once("sync", () => resolve()));
    return doc;
  }

  const exportJsonLd = async (query = "") => {
    const response = await api(`/api/v1/documents/${sourceId}/export?format=jsonld${query}`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const importInto = async (documentId: string, file: string) => {
    const response = await api(`/api/v1/documents/${documentId}/import`, { method: "POST", body: file, headers: { "content-type": "application/ld+json" } });
    expect(response.status).toBe(200);
    return (await response.json()) as Report;
  };

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage);
    const prisma = app.server.database.prisma;
    const password = "long enough password";
    const owner = await signUp(prisma, { email: "roundtrip-owner@example.org", name: "Awa Traoré", password });
    const editor = await signUp(prisma, { email: "roundtrip-editor@example.org", name: "Chloé Martin", password });
    await prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: editor.userId, role: "EDITOR" } });
    workspaceId = owner.workspaceId;
    awa = { userId: owner.userId, name: "Awa Traoré", token: (await createApiToken(prisma, { userId: owner.userId }, { name: "t" })).token };
    chloe = { userId: editor.userId, name: "Chloé Martin", token: (await createApiToken(prisma, { userId: editor.userId }, { name: "t" })).token };
    sourceId = (await prisma.document.findFirstOrThrow({ where: { workspaceId } })).id;
    text = ((await (await api(`/api/v1/documents/${sourceId}`)).json()) as { text: string }).text;

    // Two people annotate the Kidal article in their browsers' rooms.
    const awaDoc = await connect(awa, sourceId);
    const chloeDoc = await connect(chloe, sourceId);
    let clock = Date.UTC(2026, 10, 29, 9, 0);
    const tick = () => (clock += 60_000);
    const occurrence = (quote: string, nth: number) => {
      let at = -1;
      for (let seen = 0; seen < nth; seen += 1) at = text.indexOf(quote, at + 1);
      expect(at, quote).toBeGreaterThanOrEqual(0);
      return codePointLength(text.slice(0, at));
    };
    const highlight = (doc: Y.Doc, author: Person, quote: string, tag: Tag, technique: string | null, nth = 1): AnnotationRecord => {
      const start = occurrence(quote, nth);
      const createdAt = tick();
      const record: AnnotationRecord = {
        id: randomUUID(),
        ...textQuoteAnchor(text, start, start + codePointLength(quote)),
        tag,
        technique,
        authorId: author.userId,
        authorName: author.name,
        createdAt,
        updatedAt: createdAt,
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
      };
      writeAnnotation(doc, record);
      return record;
    };
    const comment = (doc: Y.Doc, author: Person, annotation: AnnotationRecord, parent: CommentRecord | null, body: string): CommentRecord => {
      const createdAt = tick();
      const record: CommentRecord = { id: randomUUID(), annotationId: annotation.id, parentId: parent?.id ?? null, authorId: author.userId, authorName: author.name, body, createdAt, updatedAt: createdAt, deleted: false };
      writeComment(doc, record);
      return record;
    };

    const enormous = highlight(awaDoc, awa, "enormous land and air resources", "propaganda", "loaded-language");
    const sources = highlight(awaDoc, awa, "according to several sources", "sourcing", "anonymous-source");
    // The article says “tactical” withdrawal twice: this is the second, curly quotes and all.
    const tactical = highlight(chloeDoc, chloe, "“tactical” withdrawal", "context", null, 2);
    // Two overlapping highlights, both over the accented name.
    const goita = highlight(chloeDoc, chloe, "Colonel Assimi Goïta, the leader of the junta", "propaganda", "name-calling");
    highlight(awaDoc, awa, "Goïta, the leader of the junta, since he came to power in May 2021", "context", "missing-background");
    highlight(chloeDoc, chloe, "It’s difficult to ignore Wagner’s fighters", "sourcing", null);
    await waitFor(awaDoc, () => awaDoc.getMap("annotations").size === 6);
    await waitFor(chloeDoc, () => chloeDoc.getMap("annotations").size === 6);

    const question = comment(chloeDoc, chloe, enormous, null, "Enormous according to whom? « Énorme » is the junta’s word.");
    const answer = comment(awaDoc, awa, enormous, question, "The junta’s communiqué — I’ll quote it.");
    await waitFor(chloeDoc, () => chloeDoc.getMap("comments").size === 2);
    comment(chloeDoc, chloe, enormous, answer, "Fair: add the MINUSMA figures too.");
    comment(awaDoc, awa, enormous, null, "Second thread: compare with the 2012 wording.");
    comment(awaDoc, awa, tactical, null, "Whose word is “tactical”?");
    const regretted = comment(chloeDoc, chloe, tactical, null, "Scare quotes, surely.");
    comment(chloeDoc, chloe, goita, null, "Naming or name-calling? Ça dépend.");
    const unnamed = comment(awaDoc, awa, sources, null, "Which sources?");
    // Awa edits her question: the edit time travels too.
    writeComment(awaDoc, { ...unnamed, body: "Which sources, and how many?", updatedAt: tick() });
    await waitFor(chloeDoc, () => chloeDoc.getMap("comments").size === 7);
    comment(chloeDoc, chloe, sources, unnamed, "RFI and AFP, both unnamed.");
    await waitFor(awaDoc, () => awaDoc.getMap("comments").size === 9);
    const kept = comment(awaDoc, awa, tactical, regretted, "They are the army’s own words.");
    await waitFor(chloeDoc, () => chloeDoc.getMap("comments").size === 10);
    comment(chloeDoc, chloe, tactical, kept, "Then say so in the text.");
    // Chloé deletes her comment; the answers to it stay.
    writeComment(chloeDoc, { ...regretted, body: "", deleted: true, updatedAt: tick() });
    const resolvedAt = tick();
    writeAnnotation(awaDoc, { ...sources, resolved: true, resolvedBy: awa.userId, resolvedAt, updatedAt: resolvedAt });
    // Each person's last write has reached the other, so the server holds it too.
    await waitFor(awaDoc, () => awaDoc.getMap("comments").size === 11 && (awaDoc.getMap("comments").get(regretted.id) as Y.Map<unknown>).get("deleted") === true);
    await waitFor(chloeDoc, () => (chloeDoc.getMap("annotations").get(sources.id) as Y.Map<unknown> | undefined)?.get("resolved") === true);

    // The export reads the stored projection; an empty change to the room brings it up to date.
    await app.server.realtime.change(sourceId, {});
    const { annotations, comments } = await stored(sourceId);
    expect([annotations.length, comments.length, annotations.filter((annotation) => annotation.resolved).length]).toEqual([6, 11, 1]);
  }, 180_000);
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await app?.close();
    await storage?.destroy();
  });

  it("imports into a fresh copy of the article as the same annotations, and a second import adds nothing", async () => {
    const original = annotationSet(await stored(sourceId));
    expect(original).toHaveLength(6);
    const file = await exportJsonLd();
    const copyId = await freshCopy();

    const report = await importInto(copyId, file);
    expect(report).toMatchObject({ imported: 6, comments: 10, skipped: 0, orphaned: [], untagged: [] });
    const imported = await stored(copyId);
    expect(annotationSet(imported)).toEqual(original);
    // Nobody's account: imported entries stay attributed by name only.
    expect(imported.annotations.every((annotation) => annotation.authorId.startsWith("import:"))).toBe(true);

    const again = await importInto(copyId, file);
    expect(again).toMatchObject({ imported: 0, comments: 0, skipped: 6, orphaned: [] });
    const after = await stored(copyId);
    expect([after.annotations.length, after.comments.length]).toEqual([6, 10]);
  });

  it("imports an anonymised export with the pseudonyms as authors", async () => {
    const file = await exportJsonLd("&anonymize=1");
    expect(file).not.toContain("Awa");
    expect(file).not.toContain("Chloé");
    const copyId = await freshCopy();
    expect(await importInto(copyId, file)).toMatchObject({ imported: 6, comments: 10, skipped: 0, orphaned: [] });

    const original = annotationSet(await stored(sourceId));
    const imported = annotationSet(await stored(copyId));
    // Pseudonyms are numbered by first contribution: Awa highlighted first, then Chloé.
    const pseudonym = (name: string) => ({ "Awa Traoré": "Reader 1", "Chloé Martin": "Reader 2" })[name];
    const renamed = (set: ReturnType<typeof annotationSet>) =>
      JSON.parse(JSON.stringify(set), (key, value: unknown) => (key === "author" && typeof value === "string" ? pseudonym(value) : value)) as unknown;
    expect(imported).toEqual(renamed(original));
  });
});
