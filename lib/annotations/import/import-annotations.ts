import type { AppContext } from "@/lib/app-context.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import { AppError } from "@/lib/errors.ts";
import { getWorkspaceVocabulary } from "@/lib/vocabulary/get-workspace-vocabulary.ts";
import { can } from "@/lib/workspaces/policy.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { projectionRecords } from "../projection-records.ts";
import { parseImportFile } from "./parse-import-file.ts";
import { planImport, type ImportReport } from "./plan-import.ts";

/**
 * Imports a W3C JSON-LD or Hypothesis file's highlights and threads into a document (editors
 * and owners; strangers get "not found"), in one change of the document's room so connected
 * browsers see them at once. A file that is not readable is refused whole (BAD_REQUEST) and
 * nothing is written; with `dryRun` the report is computed and nothing is written either.
 *
 * Already imported entries are recognised by their derived ids in the projection, which an
 * empty change to the room first brings up to date.
 */
export async function importAnnotations(
  prisma: PrismaClient,
  realtime: AppContext["realtime"],
  actor: Actor,
  input: { documentId: string; file: unknown; dryRun: boolean },
): Promise<ImportReport & { dryRun: boolean }> {
  const { document, role } = await getDocumentForActor(prisma, actor, input.documentId);
  if (!role || !can(role, "annotation.import") || !document.workspaceId) {
    throw new AppError("FORBIDDEN", document.workspaceId ? "Your role in this workspace does not allow importing annotations." : "The demo article cannot be annotated.");
  }
  const parsed = parseImportFile(input.file);
  const vocabulary = await getWorkspaceVocabulary(prisma, document.workspaceId);
  await realtime.change(document.id, {});
  const existing = await projectionRecords(prisma, document.id);
  const plan = planImport({
    documentId: document.id,
    text: canonicalBodyText(document.blocks),
    vocabulary,
    parsed,
    existingIds: new Set(existing.annotations.map((annotation) => annotation.id)),
    now: Date.now(),
  });
  if (!input.dryRun && plan.change.annotations.length > 0) await realtime.change(document.id, plan.change);
  return { ...plan.report, dryRun: input.dryRun };
}
