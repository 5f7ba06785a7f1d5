import type { PrismaClient } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import type { DocumentView } from "@/lib/documents/schema.ts";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { planCarryOver } from "./carry-annotations.ts";
import { projectionRecords } from "./projection-records.ts";

/**
 * The previous version's annotations that could not be placed on this version's text, decided
 * by the same function that carried the others over (`planCarryOver`), so the two lists never
 * disagree. Empty for a first version.
 *
 * Takes a document the caller has already read with an access check (`getDocumentForActor`):
 * versions share their workspace, so whoever may read this one may read the previous one.
 * It reads the previous version as it is now: a highlight added to it after the new version was
 * made was never carried over, and shows up here only if it has no place on this text.
 */
export async function listOrphans(prisma: PrismaClient, document: Pick<DocumentView, "id" | "previousVersionId" | "blocks">): Promise<AnnotationRecord[]> {
  if (!document.previousVersionId) return [];
  const previous = await projectionRecords(prisma, document.previousVersionId);
  if (previous.annotations.length === 0) return [];
  return planCarryOver(previous, canonicalBodyText(document.blocks), document.id).orphans;
}
