import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { mentionToken } from "@/lib/comments/comment-markup.ts";
import { listMentions } from "@/lib/comments/list-mentions.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { backends, useMigratedDatabase } from "./databases.ts";

const BODY = [{ type: "paragraph", text: "Officially, it is a “tactical” withdrawal to avoid urban fighting." }];

describe.each(backends)("mentions of a member across a workspace on $name", (backend) => {
  const db = useMigratedDatabase(backend);
  let prisma: PrismaClient;
  let workspaceId = "";
  const user = async (name: string) => (await prisma.user.create({ data: { name, email: `${name.toLowerCase()}-${randomUUID()}@example.test` } })).id;
  let awa = "";
  let jean = "";

  /** A highlight on `documentId` with one comment per body, by `authorId`, a minute apart from `at`. */
  async function thread(documentId: string, authorId: string, bodies: string[], options: { at?: number; deleted?: boolean } = {}) {
    const annotationId = randomUUID();
    const at = options.at ?? Date.UTC(2026, 10, 20, 9, 0);
    await prisma.annotation.create({
      data: {
        id: annotationId, documentId, start: 20, end: 30, exact: "“tactical”", prefix: "Officially, it is a ", suffix: " withdrawal", tag: "propaganda", technique: null,
        authorId, authorName: "Jean", resolved: false, createdAt: new Date(at), updatedAt: new Date(at),
      },
    });
    for (const [index, body] of bodies.entries()) {
      await prisma.annotationComment.create({
        data: { id: randomUUID(), annotationId, authorId, authorName: authorId === awa ? "Awa" : "Jean", body, deleted: options.deleted ?? false, createdAt: new Date(at + index * 60_000), updatedAt: new Date(at + index * 60_000) },
      });
    }
    return annotationId;
  }

  beforeAll(async () => {
    prisma = db.database.prisma;
    workspaceId = (await prisma.workspace.create({ data: { name: "Desk" } })).id;
    awa = await user("Awa");
    jean = await user("Jean");
    for (const [userId, role] of [[awa, "VIEWER"], [jean, "EDITOR"]] as const) await prisma.membership.create({ data: { workspaceId, userId, role } });
  });

  it("lists others' comments that mention the reader, newest first, in the newest version of each article", async () => {
    const create = (title: string, previousVersionId: string | null = null) =>
      prisma.document.create({ data: { workspaceId, title, source: "Wire", body: BODY, contentHash: randomUUID(), previousVersionId } });
    const first = await create("Kidal, first take");
    const current = await create("Kidal, corrected", first.id);
    const other = await create("Gao");
    const mention = mentionToken("Awa Traoré", awa);

    await thread(first.id, jean, [`${mention} an old version's thread`]);
    const kept = await thread(current.id, jean, [`Plain comment`, `${mention} who says **tactical**?`], { at: Date.UTC(2026, 10, 21, 9, 0) });
    const newer = await thread(other.id, jean, [`Ask ${mention} about this`], { at: Date.UTC(2026, 10, 22, 9, 0) });
    await thread(current.id, jean, [`${mention} deleted later`], { deleted: true });
    await thread(current.id, awa, [`Note to self ${mention}`]);
    await thread(current.id, jean, ["Code, not a mention: `" + mention + "`"]);

    const mentions = await listMentions(prisma, { userId: awa }, { workspaceId });
    expect(mentions.map((item) => [item.annotationId, item.documentTitle])).toEqual([
      [newer, "Gao"],
      [kept, "Kidal, corrected"],
    ]);
    expect(mentions[1]).toMatchObject({ authorName: "Jean", quote: "“tactical”", documentId: current.id, body: `${mention} who says **tactical**?` });
    expect(await listMentions(prisma, { userId: jean }, { workspaceId })).toEqual([]);
  });

  it("is read by members only: anyone else gets not found", async () => {
    const outsider = await user("Sam");
    await expect(listMentions(prisma, { userId: outsider }, { workspaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
