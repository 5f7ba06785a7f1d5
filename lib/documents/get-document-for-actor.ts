import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { getDocument } from "./get-document.ts";
import type { DocumentView } from "./schema.ts";

/**
 * A document as a given person may see it: workspace documents need membership (anything
 * else is "not found"); the public demo is readable by anyone, signed in or not, and
 * annotatable by no one (role null).
 */
export async function getDocumentForActor(
  prisma: PrismaClient,
  actor: Actor | null,
  documentId: string,
): Promise<{ document: DocumentView; role: Role | null }> {
  const document = await getDocument(prisma, { id: documentId });
  if (!document) throw notFound("Document");
  if (document.workspaceId === null) return { document, role: null };
  if (!actor) throw notFound("Document");
  try {
    const { role } = await requireAccess(prisma, actor, document.workspaceId, "document.read");
    return { document, role };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw notFound("Document");
    throw error;
  }
}
