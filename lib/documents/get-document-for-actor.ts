import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { getDocument } from "./get-document.ts";
import type { DocumentView } from "./schema.ts";

/**
 * A document as a given person may see it: workspace documents need membership (anything
 * else is "not found"); the public demo is readable by anyone, signed in or not, and
 * annotatable by no one (role null). `nextVersionId` points at the version that replaced it.
 */
export async function getDocumentForActor(
  prisma: PrismaClient,
  actor: Actor | null,
  documentId: string,
): Promise<{ document: DocumentView; role: Role | null; nextVersionId: string | null }> {
  const document = await getDocument(prisma, { id: documentId });
  if (!document) throw notFound("Document");
  if (document.workspaceId === null) return { document, role: null, nextVersionId: null };
  if (!actor) throw notFound("Document");
  try {
    const { role } = await requireAccess(prisma, actor, document.workspaceId, "document.read");
    const next = await prisma.document.findUnique({ where: { previousVersionId: document.id }, select: { id: true } });
    return { document, role, nextVersionId: next?.id ?? null };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw notFound("Document");
    throw error;
  }
}
