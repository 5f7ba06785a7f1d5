import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { Prisma } from "@/lib/generated/prisma/client.ts";
import { parseInput } from "@/lib/validation.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { idSchema } from "@/lib/workspaces/schema.ts";
import { DEFAULT_VOCABULARY, type Vocabulary } from "./default-vocabulary.ts";
import { vocabularyInputSchema } from "./schema.ts";

const inputSchema = z.object({ workspaceId: idSchema, vocabulary: vocabularyInputSchema });

/**
 * Replaces the workspace's labels with the given lists and returns them as stored (new labels
 * with their derived ids). A label keeps the id it is sent with, so renaming it keeps every
 * highlight attached; a removed label's highlights keep its id and show it humanized.
 */
export async function updateWorkspaceVocabulary(prisma: PrismaClient, actor: Actor, input: unknown): Promise<Vocabulary> {
  const { workspaceId, vocabulary } = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "vocabulary.edit");
  await prisma.workspace.update({ where: { id: workspaceId }, data: { vocabulary } });
  return vocabulary;
}

/** Back to the built-in labels. Storing null, not a copy, lets the workspace follow later improvements to them. */
export async function resetWorkspaceVocabulary(prisma: PrismaClient, actor: Actor, workspaceId: string): Promise<Vocabulary> {
  await requireAccess(prisma, actor, workspaceId, "vocabulary.edit");
  await prisma.workspace.update({ where: { id: workspaceId }, data: { vocabulary: Prisma.DbNull } });
  return DEFAULT_VOCABULARY;
}
