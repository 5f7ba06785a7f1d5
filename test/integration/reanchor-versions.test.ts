import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { carriedId, carryAnnotations } from "@/lib/annotations/carry-annotations.ts";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { listOrphans } from "@/lib/annotations/list-orphans.ts";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { createDocument } from "@/lib/documents/create-document.ts";
import { createDocumentVersion } from "@/lib/documents/create-document-version.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";
import { waitFor } from "./realtime-harness.ts";

const FIRST = [
  "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal in the north of the country.",
  "No figures but, according to several sources, Malian soldiers suffered fairly signficant losses until they managed to seize Kidal airport.",
  "Officially, it is a “tactical” withdrawal 🏙️ to avoid urban fighting which would have involved civilian victims.",
  "Yesterday, members of the National Transitional Council gave a triumphalist speech in Bamako about the victory.",
].join("\n\n");

/** Edited: a note on top (with an emoji: offsets are code points), a typo fixed, a sentence rewritten. */
const SECOND = [
  "Editor’s note 🚨: this article was corrected on Wednesday.",
  "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal in the north of the country.",
  "No figures but, according to several sources, Malian soldiers suffered fairly significant losses until they managed to seize Kidal airport.",
  "Officially, it is a “tactical” withdrawal 🏙️ to avoid urban fighting which would have involved civilian victims.",
  "Yesterday, members of the National Transitional Council spoke in Bamako about the victory.",
].join("\n\n");

/** Code-point range of `quote` in `text`. */
function rangeOf(text: string, quote: string) {
  const unit = text.indexOf(quote);
  if (unit === -1) throw new Error(`"${quote}" is not in the text`);
  const start = codePointLength(text.slice(0, unit));
  return { start, end: start + codePointLength(quote) };
}

type W3CItem = {
  id: string;
  body: { purpose: string; value: string }[];
  target: { selector: [{ exact: string; prefix: string; suffix: string }, { start: number; end: number }] };
};

describe.each(backends)("annotations follow a document to its new version on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  let token = "";
  const owner = { userId: "" };
  let workspaceId = "";

  const api = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/ld+json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  const annotate = async (documentId: string, exact: string, tag: string, comment?: string) => {
    const created = await api<{ id: string }>("POST", `/api/v1/documents/${documentId}/annotations`, {
      type: "Annotation",
      body: [{ type: "TextualBody", purpose: "tagging", value: tag }, ...(comment ? [{ type: "TextualBody", purpose: "commenting", value: comment }] : [])],
      target: { selector: { type: "TextQuoteSelector", exact } },
    });
    return created.id.split("/").at(-1)!;
  };

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage);
    const prisma = app.server.database.prisma;
    const account = await signUp(prisma, { email: "versions@example.org", name: "Awa", password: "long enough password" });
    owner.userId = account.userId;
    workspaceId = account.workspaceId;
    token = (await createApiToken(prisma, { userId: owner.userId }, { name: "t" })).token;
  });
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  it("re-anchors highlights and their threads on the new text, and lists the one whose passage is gone as an orphan", async () => {
    const prisma = app.server.database.prisma;
    const first = await createDocument(prisma, owner, { workspaceId, title: "Kidal retaken", text: FIRST, source: "Wire" });
    const firstText = (await api<{ text: string }>("GET", `/api/v1/documents/${first.id}`)).text;

    const tactical = await annotate(first.id, "“tactical” withdrawal 🏙️", "propaganda", "Whose word is this?");
    const speech = await annotate(first.id, "gave a triumphalist speech", "propaganda", "Loaded?");
    const losses = await annotate(first.id, "suffered fairly signficant losses", "sourcing");
    // A reply in the thread, written the way the server writes to a room.
    const [question] = await prisma.annotationComment.findMany({ where: { annotationId: tactical } });
    const reply = { id: randomUUID(), annotationId: tactical, parentId: question!.id, authorId: owner.userId, authorName: "Awa", body: "The army's.", createdAt: Date.now(), updatedAt: Date.now(), deleted: false };
    await app.server.realtime.change(first.id, { comments: [reply] });

    // A highlight made in the browser a moment before saving: it is in the room, but the
    // projection writes it only after a short batching delay.
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${app.url.replace("http", "ws")}/realtime`, first.id, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: { token },
      disableBc: true,
    });
    const town = randomUUID();
    try {
      await new Promise<void>((resolve) => provider.once("sync", () => resolve()));
      const range = rangeOf(firstText, "the town of Kidal");
      const now = Date.now();
      writeAnnotation(doc, {
        id: town,
        ...textQuoteAnchor(firstText, range.start, range.end),
        tag: "context", technique: null, authorId: owner.userId, authorName: "Awa", createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
      });
      const serverRoom = () => app.server.realtime.rooms.rooms().find((room) => room.name === first.id)!.doc;
      await waitFor(serverRoom(), () => readAnnotations(serverRoom()).some((record) => record.id === town));
    } finally {
      provider.destroy();
    }

    const second = await createDocumentVersion(prisma, owner, { documentId: first.id, title: "Kidal retaken", text: SECOND, source: "Wire" });
    const carried = await carryAnnotations(prisma, app.server.realtime, second.id);
    expect(carried.carried).toBe(3);
    expect(carried.orphans.map((record) => record.id)).toEqual([speech]);

    const secondText = (await api<{ text: string }>("GET", `/api/v1/documents/${second.id}`)).text;
    const listed = await api<{ total: number; first: { items: W3CItem[] } }>("GET", `/api/v1/documents/${second.id}/annotations`);
    expect(listed.total).toBe(3);
    const byId = new Map(listed.first.items.map((item) => [item.id.split("/").at(-1)!, item]));
    const expectAt = (oldId: string, quote: string, comments: string[]) => {
      const item = byId.get(carriedId(second.id, oldId));
      expect(item, quote).toBeDefined();
      const range = rangeOf(secondText, quote);
      expect(item!.target.selector[1]).toMatchObject(range);
      const { exact, prefix, suffix } = textQuoteAnchor(secondText, range.start, range.end);
      expect(item!.target.selector[0]).toMatchObject({ exact, prefix, suffix });
      expect(exact).toBe(quote);
      expect(item!.body.filter((body) => body.purpose === "commenting").map((body) => body.value)).toEqual(comments);
    };
    expectAt(tactical, "“tactical” withdrawal 🏙️", ["Whose word is this?", "The army's."]);
    expectAt(losses, "suffered fairly significant losses", []);
    expectAt(town, "the town of Kidal", []);

    // The reply still answers the carried question.
    const room = await app.server.realtime.rooms.acquire(second.id);
    try {
      const annotations = readAnnotations(room.doc);
      expect(annotations.map((record) => record.id).sort()).toEqual([tactical, losses, town].map((id) => carriedId(second.id, id)).sort());
      expect(annotations.some((record) => record.exact.includes("triumphalist"))).toBe(false);
      const comments = readComments(room.doc);
      expect(comments.find((comment) => comment.body === "The army's.")).toMatchObject({
        id: carriedId(second.id, reply.id),
        annotationId: carriedId(second.id, tactical),
        parentId: carriedId(second.id, question!.id),
      });
    } finally {
      app.server.realtime.rooms.release(room);
    }

    const { document } = await getDocumentForActor(prisma, owner, second.id);
    const orphans = await listOrphans(prisma, document);
    expect(orphans).toEqual([expect.objectContaining({ id: speech, exact: "gave a triumphalist speech", tag: "propaganda", authorName: "Awa" })]);
    // The previous version keeps all of its highlights.
    expect(await prisma.annotation.count({ where: { documentId: first.id } })).toBe(4);

    // Carrying over again (a retry) writes the same entries, not copies.
    await carryAnnotations(prisma, app.server.realtime, second.id);
    expect((await api<{ total: number }>("GET", `/api/v1/documents/${second.id}/annotations`)).total).toBe(3);
  });

  it("does nothing for a first version, and lists no orphans for it", async () => {
    const prisma = app.server.database.prisma;
    const only = await createDocument(prisma, owner, { workspaceId, title: "Alone", text: "Nothing to carry.", source: "Wire" });
    expect(await carryAnnotations(prisma, app.server.realtime, only.id)).toEqual({ carried: 0, orphans: [] });
    expect(await listOrphans(prisma, only)).toEqual([]);
  });
});
