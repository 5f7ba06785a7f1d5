import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { isUniqueViolation } from "@/lib/db/unique-violation.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { contentHash } from "./canonical-text.ts";
import { documentInputSchema } from "./document-input.ts";
import { textToBlocks } from "./parse-plain-text-article.ts";
import type { DocumentView } from "./schema.ts";
import { toDocumentView } from "./to-document-view.ts";

const inputSchema = z.object({ documentId: z.string().trim().min(1).max(64) }).and(documentInputSchema);

/**
 * Documents are immutable snapshots: editing one creates its next version, which links back to
 * it, and the old version stays readable (annotations re-anchor onto the new one). Only the
 * latest version can be edited, so versions form a line, never a tree.
 */
export async function createDocumentVersion(prisma: PrismaClient, actor: Actor, input: unknown): Promise<DocumentView> {
  const parsed = parseInput(inputSchema, input);
  const current = await prisma.document.findUnique({ where: { id: parsed.documentId }, include: { nextVersion: { select: { id: true } } } });
  if (!current) throw notFound("Document");
  if (current.workspaceId === null) throw new AppError("FORBIDDEN", "The demo article cannot be edited. Edit your own copy in your workspace.");
  try {
    await requireAccess(prisma, actor, current.workspaceId, "document.edit");
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw notFound("Document");
    throw error;
  }
  if (current.nextVersion) {
    throw new AppError("CONFLICT", "A newer version of this article exists. Edit that one instead.");
  }

  const blocks = parsed.blocks ?? textToBlocks(parsed.text ?? "");
  if (blocks.length === 0) throw new AppError("BAD_REQUEST", "The article has no text.", "text");
  const hash = contentHash(parsed.title, blocks);
  const metadataUnchanged =
    (parsed.source ?? "Unknown source") === current.source &&
    parsed.author === current.author &&
    (parsed.publishedAt?.getTime() ?? null) === (current.publishedAt?.getTime() ?? null) &&
    (parsed.language ?? current.language) === current.language;
  if (hash === current.contentHash && metadataUnchanged) {
    throw new AppError("BAD_REQUEST", "Nothing changed, so no new version was made.");
  }

  try {
    const row = await prisma.document.create({
      data: {
        workspaceId: current.workspaceId,
        createdById: actor.userId,
        previousVersionId: current.id,
        importedFrom: current.importedFrom,
        title: parsed.title,
        source: parsed.source ?? "Unknown source",
        author: parsed.author,
        publishedAt: parsed.publishedAt,
        language: parsed.language ?? current.language,
        body: blocks,
        contentHash: hash,
      },
    });
    return toDocumentView(row);
  } catch (error) {
    // previous_version_id is unique: someone else saved a new version a moment before.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "Someone saved a new version of this article a moment ago. Reload to see it.");
    throw error;
  }
}
