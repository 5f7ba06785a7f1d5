import type { PrismaClient } from "@/lib/db/database.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";

export type SessionSummary = {
  id: string;
  code: string;
  mode: "BLIND" | "OPEN";
  createdAt: Date;
  ended: boolean;
  participants: number;
};

/**
 * The document's most recent class sessions, newest first, for the "Class sessions" list on the
 * document page. Teachers only (editors and owners of the workspace), like the sessions themselves.
 */
export async function listDocumentSessions(
  prisma: PrismaClient,
  actor: Actor,
  document: { id: string; workspaceId: string },
  limit = 5,
): Promise<SessionSummary[]> {
  await requireAccess(prisma, actor, document.workspaceId, "annotation.create");
  const rows = await prisma.classSession.findMany({
    where: { documentId: document.id },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      code: true,
      mode: true,
      createdAt: true,
      endedAt: true,
      _count: { select: { participants: { where: { removedAt: null } } } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    mode: row.mode,
    createdAt: row.createdAt,
    ended: row.endedAt !== null,
    participants: row._count.participants,
  }));
}
