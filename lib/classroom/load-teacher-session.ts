import type { PrismaClient } from "@/lib/db/database.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import type { DocumentView } from "@/lib/documents/schema.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { getWorkspaceVocabulary } from "@/lib/vocabulary/get-workspace-vocabulary.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";

export type TeacherSessionState = {
  id: string;
  documentId: string;
  code: string;
  mode: "BLIND" | "OPEN";
  anonymous: boolean;
  groupCount: number;
  locked: boolean;
  revealed: boolean;
  ended: boolean;
  /** Students who joined and were not removed. */
  participantCount: number;
};

/**
 * What the teacher's pages (dashboard, projector, key editor) render from: the session, its
 * document and the workspace vocabulary. Only a teacher of the session (an editor or owner of
 * its workspace, the same rule as room-access.ts) gets it; anyone else is told "not found", so
 * a session id reveals nothing. The pages then go live over the session's rooms and REST endpoints.
 */
export async function loadTeacherSession(
  prisma: PrismaClient,
  actor: Actor | null,
  sessionId: string,
): Promise<{ session: TeacherSessionState; document: DocumentView; vocabulary: Vocabulary }> {
  if (!actor) throw notFound("Session");
  const row = await prisma.classSession.findUnique({
    where: { id: sessionId },
    include: { _count: { select: { participants: { where: { removedAt: null } } } } },
  });
  if (!row) throw notFound("Session");
  try {
    await requireAccess(prisma, actor, row.workspaceId, "session.run");
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) throw notFound("Session");
    throw error;
  }
  const document = await getDocument(prisma, { id: row.documentId });
  if (!document) throw notFound("Session");
  return {
    session: {
      id: row.id,
      documentId: row.documentId,
      code: row.code,
      mode: row.mode,
      anonymous: row.anonymous,
      groupCount: row.groupCount,
      locked: row.lockedAt !== null,
      revealed: row.revealedAt !== null,
      ended: row.endedAt !== null,
      participantCount: row._count.participants,
    },
    document,
    vocabulary: await getWorkspaceVocabulary(prisma, row.workspaceId),
  };
}
