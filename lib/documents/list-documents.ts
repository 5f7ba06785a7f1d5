import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { parseInput } from "@/lib/validation.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";

export type DocumentListItem = {
  id: string;
  title: string;
  source: string;
  author: string | null;
  publishedAt: Date | null;
  createdAt: Date;
  annotationCount: number;
  /** The latest of: the document's own change, and any annotation on it being added or edited. */
  lastActivityAt: Date;
};

const inputSchema = z.object({ workspaceId: z.string().trim().min(1).max(64) });

/** The workspace's current documents (older versions are reached through their successor), newest first. */
export async function listDocuments(prisma: PrismaClient, actor: Actor, input: unknown): Promise<DocumentListItem[]> {
  const { workspaceId } = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "document.read");
  const rows = await prisma.document.findMany({
    where: { workspaceId, nextVersion: { is: null } },
    orderBy: { createdAt: "desc" },
    select: { id: true, title: true, source: true, author: true, publishedAt: true, createdAt: true, updatedAt: true, _count: { select: { annotations: true } } },
  });
  const latest = await prisma.annotation.groupBy({
    by: ["documentId"],
    where: { documentId: { in: rows.map((row) => row.id) } },
    _max: { updatedAt: true },
  });
  const latestByDocument = new Map(latest.map((entry) => [entry.documentId, entry._max.updatedAt]));
  return rows.map(({ updatedAt, _count, ...row }) => {
    const annotated = latestByDocument.get(row.id);
    return { ...row, annotationCount: _count.annotations, lastActivityAt: annotated && annotated > updatedAt ? annotated : updatedAt };
  });
}
