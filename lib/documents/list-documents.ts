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
  /** When the document last changed; annotation activity joins this once annotations exist. */
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
    select: { id: true, title: true, source: true, author: true, publishedAt: true, createdAt: true, updatedAt: true },
  });
  return rows.map(({ updatedAt, ...row }) => ({ ...row, lastActivityAt: updatedAt }));
}
