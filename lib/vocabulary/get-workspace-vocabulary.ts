import type { PrismaClient } from "@/lib/db/database.ts";
import { notFound } from "@/lib/errors.ts";
import type { Vocabulary } from "./default-vocabulary.ts";
import { parseStoredVocabulary } from "./schema.ts";

/**
 * The labels a workspace tags with: its own when an owner saved some, else the defaults.
 * It checks no permission: callers have already checked access to the workspace (every
 * member may read its vocabulary), and the reader and exports need it on paths that did.
 */
export async function getWorkspaceVocabulary(prisma: PrismaClient, workspaceId: string): Promise<Vocabulary> {
  const workspace = await prisma.workspace.findUnique({ where: { id: workspaceId }, select: { vocabulary: true } });
  if (!workspace) throw notFound("Workspace");
  return parseStoredVocabulary(workspace.vocabulary);
}
