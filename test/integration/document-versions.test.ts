import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { Database } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { createDocument } from "@/lib/documents/create-document.ts";
import { createDocumentVersion } from "@/lib/documents/create-document-version.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import { listDocuments } from "@/lib/documents/list-documents.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";

describe.each(backends)("document versions on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;
  const editor = { userId: "" };
  const commenter = { userId: "" };
  const outsider = { userId: "" };
  let workspaceId = "";

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    await seedDemoDocument(database.prisma);
    const owner = await signUp(database.prisma, { email: "e@example.org", name: "Editor", password: "editor password" });
    editor.userId = owner.userId;
    workspaceId = owner.workspaceId;
    commenter.userId = (await signUp(database.prisma, { email: "c@example.org", name: "Commenter", password: "commenter password" })).userId;
    outsider.userId = (await signUp(database.prisma, { email: "o@example.org", name: "Outsider", password: "outsider password" })).userId;
    await database.prisma.membership.create({ data: { workspaceId, userId: commenter.userId, role: "COMMENTER" } });
  });
  afterAll(async () => {
    await database?.close();
    await storage?.destroy();
  });

  it("makes a new version that links back, keeps the old one, and lists only the newest", async () => {
    const first = await createDocument(database.prisma, editor, { workspaceId, title: "Talks stall", text: "Talks stalled on Friday.", source: "Wire" });
    const second = await createDocumentVersion(database.prisma, editor, {
      documentId: first.id,
      title: "Talks stall",
      text: "Talks stalled on Friday.\n\nBoth sides blamed the other.",
      source: "Wire",
    });
    expect(second.previousVersionId).toBe(first.id);
    expect(canonicalBodyText(second.blocks)).toBe("Talks stalled on Friday.\n\nBoth sides blamed the other.");
    expect(second.contentHash).not.toBe(first.contentHash);

    const old = await getDocumentForActor(database.prisma, commenter, first.id);
    expect(old.nextVersionId).toBe(second.id);
    expect(canonicalBodyText(old.document.blocks)).toBe("Talks stalled on Friday.");

    const titles = (await listDocuments(database.prisma, editor, { workspaceId })).map((document) => document.id);
    expect(titles).toContain(second.id);
    expect(titles).not.toContain(first.id);

    await expect(createDocumentVersion(database.prisma, editor, { documentId: first.id, title: "Again", text: "x" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a version that changes nothing", async () => {
    const document = await createDocument(database.prisma, editor, { workspaceId, title: "Same", text: "Same text.", source: "Wire" });
    await expect(
      createDocumentVersion(database.prisma, editor, { documentId: document.id, title: "Same", text: "Same text.", source: "Wire" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Nothing changed/) });
  });

  it("lets only editors and owners edit, hides other workspaces, and protects the demo", async () => {
    const document = await createDocument(database.prisma, editor, { workspaceId, title: "Guarded", text: "Text." });
    const edit = { documentId: document.id, title: "Guarded", text: "Changed." };
    await expect(createDocumentVersion(database.prisma, commenter, edit)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createDocumentVersion(database.prisma, outsider, edit)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const demo = await database.prisma.document.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
    await expect(createDocumentVersion(database.prisma, editor, { documentId: demo.id, title: "Mine", text: "Mine." })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await database.prisma.document.count({ where: { previousVersionId: document.id } })).toBe(0);
  });
});
