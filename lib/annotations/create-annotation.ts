import { randomUUID } from "node:crypto";
import type { AppContext } from "@/lib/app-context.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import { AppError } from "@/lib/errors.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import { can } from "@/lib/workspaces/policy.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { parseW3CAnnotationInput, toW3CAnnotation } from "./w3c.ts";
import { w3cOptions } from "./w3c-options.ts";

/**
 * Adds one W3C annotation (a tag, maybe a technique and a first comment) to a document. It goes
 * through the document's live Yjs room, so connected browsers see it at once, and returns once
 * it is stored.
 */
export async function createAnnotation(
  prisma: PrismaClient,
  realtime: AppContext["realtime"],
  actor: Actor,
  input: { documentId: string; annotation: unknown; origin: string },
) {
  const { document, role } = await getDocumentForActor(prisma, actor, input.documentId);
  if (!role || !can(role, "annotation.create")) {
    throw new AppError("FORBIDDEN", document.workspaceId ? "Your role in this workspace does not allow highlighting." : "The demo article cannot be annotated.");
  }
  const anchor = parseW3CAnnotationInput(input.annotation, canonicalBodyText(document.blocks));
  const author = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { id: true, name: true } });
  const now = Date.now();
  const record: AnnotationRecord = {
    id: randomUUID(),
    start: anchor.start,
    end: anchor.end,
    exact: anchor.exact,
    prefix: anchor.prefix,
    suffix: anchor.suffix,
    tag: anchor.tag,
    technique: anchor.technique,
    authorId: author.id,
    authorName: author.name,
    createdAt: now,
    updatedAt: now,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
  };
  const comments: CommentRecord[] = anchor.comment
    ? [{ id: randomUUID(), annotationId: record.id, parentId: null, authorId: author.id, authorName: author.name, body: anchor.comment, createdAt: now, updatedAt: now, deleted: false }]
    : [];
  await realtime.change(document.id, { annotations: [record], comments });
  return toW3CAnnotation(record, comments, w3cOptions(input.origin, `${input.origin}/documents/${document.id}`));
}
