import type { PrismaClient } from "@/lib/db/database.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { projectionRecords } from "./projection-records.ts";
import { toW3CAnnotation, toW3CCollection } from "./w3c.ts";
import { w3cOptions } from "./w3c-options.ts";

/** A document's annotations as a W3C AnnotationCollection, for anyone who may read the document. */
export async function listAnnotations(prisma: PrismaClient, actor: Actor, input: { documentId: string; origin: string }) {
  const { document } = await getDocumentForActor(prisma, actor, input.documentId);
  const documentUrl = `${input.origin}${document.slug === "demo" ? "/demo" : `/documents/${document.id}`}`;
  const { annotations, comments } = await projectionRecords(prisma, document.id);
  const options = w3cOptions(input.origin, documentUrl);
  const items = annotations.map((annotation) => toW3CAnnotation(annotation, comments.filter((comment) => comment.annotationId === annotation.id), options));
  return toW3CCollection(items, { id: `${input.origin}/api/v1/documents/${document.id}/annotations`, label: `Annotations on “${document.title}”` });
}
