import type { AppContext } from "@/lib/app-context.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import { mayDeleteAnnotation } from "@/lib/realtime/authorize-change.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";

/** Deletes an annotation and its thread, through the live room. Its author or a workspace owner only. */
export async function deleteAnnotation(prisma: PrismaClient, realtime: AppContext["realtime"], actor: Actor, annotationId: string): Promise<void> {
  const row = await prisma.annotation.findUnique({ where: { id: annotationId }, select: { documentId: true, authorId: true } });
  if (!row) throw notFound("Annotation");
  const { role } = await getDocumentForActor(prisma, actor, row.documentId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound("Annotation") : error;
  });
  if (!role || !mayDeleteAnnotation(role, row.authorId, actor.userId)) throw new AppError("FORBIDDEN", "Only the annotation's author or a workspace owner may delete it.");
  await realtime.change(row.documentId, { deleteAnnotations: [annotationId] });
}
