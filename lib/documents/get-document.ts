import type { PrismaClient } from "@/lib/db/database.ts";
import type { DocumentView } from "./schema.ts";
import { toDocumentView } from "./to-document-view.ts";

/**
 * Looks a document up by id or public slug, without any permission check: for the public
 * demo and for code that has already authorized (see getDocumentForActor). Unknown: null.
 */
export async function getDocument(
  prisma: PrismaClient,
  where: { id: string } | { slug: string },
): Promise<DocumentView | null> {
  const row = await prisma.document.findUnique({ where });
  return row ? toDocumentView(row) : null;
}
