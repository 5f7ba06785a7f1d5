import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { canonicalBodyText, contentHash } from "./canonical-text.ts";
import { documentInputSchema, MAX_TEXT_BYTES } from "./document-input.ts";
import { textToBlocks } from "./parse-plain-text-article.ts";
import { toDocumentView } from "./to-document-view.ts";
import type { DocumentView } from "./schema.ts";

const inputSchema = z.object({ workspaceId: z.string().trim().min(1).max(64) }).and(documentInputSchema);

/** Imports an article into a workspace as an immutable snapshot. Editors and owners only. */
export async function createDocument(prisma: PrismaClient, actor: Actor, input: unknown): Promise<DocumentView> {
  const parsed = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, parsed.workspaceId, "document.import");

  const blocks = parsed.blocks ?? textToBlocks(parsed.text ?? "");
  if (blocks.length === 0) throw new AppError("BAD_REQUEST", "The article has no text.", "text");
  if (new TextEncoder().encode(canonicalBodyText(blocks)).length > MAX_TEXT_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The text is longer than ${MAX_TEXT_BYTES / 1000} KB.`, "text");
  }

  const row = await prisma.document.create({
    data: {
      workspaceId: parsed.workspaceId,
      createdById: actor.userId,
      title: parsed.title,
      source: parsed.source ?? "Unknown source",
      author: parsed.author,
      publishedAt: parsed.publishedAt,
      language: parsed.language ?? "en",
      importedFrom: parsed.importedFrom ?? null,
      body: blocks,
      contentHash: contentHash(parsed.title, blocks),
    },
  });
  return toDocumentView(row);
}
