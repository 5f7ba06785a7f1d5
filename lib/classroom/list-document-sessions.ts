import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { joinUrl } from "./session-links.ts";
import { apiMode, sessionState } from "./session-state.ts";

/** How many recent sessions the list shows: a term's lessons on one article. */
const RECENT = 50;

/** A document's recent classroom sessions, newest first, for its workspace's editors and owners. */
export async function listDocumentSessions(prisma: PrismaClient, actor: Actor, input: { documentId: string; origin: string }) {
  const document = await prisma.document.findUnique({ where: { id: input.documentId }, select: { id: true, workspaceId: true } });
  if (!document) throw notFound("Document");
  if (document.workspaceId === null) return { sessions: [] };
  try {
    await requireAccess(prisma, actor, document.workspaceId, "session.run");
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw notFound("Document");
    throw error;
  }
  const sessions = await prisma.classSession.findMany({
    where: { documentId: document.id },
    orderBy: { createdAt: "desc" },
    take: RECENT,
    include: { _count: { select: { participants: { where: { removedAt: null } } } } },
  });
  return {
    sessions: sessions.map((session) => ({
      id: session.id,
      code: session.code,
      joinUrl: joinUrl(input.origin, session.code),
      mode: apiMode(session.mode),
      anonymous: session.anonymous,
      groups: session.groupCount,
      createdAt: session.createdAt.toISOString(),
      state: sessionState(session),
      participants: session._count.participants,
    })),
  };
}
