import type { PrismaClient } from "@/lib/db/database.ts";
import { notFound } from "@/lib/errors.ts";
import type { WorkspaceSummary } from "./create-workspace.ts";
import { requireAccess, type Actor } from "./require-access.ts";

export async function getWorkspace(prisma: PrismaClient, actor: Actor, workspaceId: string): Promise<WorkspaceSummary> {
  const { role } = await requireAccess(prisma, actor, workspaceId, "workspace.read");
  const workspace = await prisma.workspace.findUnique({ where: { id: workspaceId } });
  if (!workspace) throw notFound("Workspace");
  return { id: workspace.id, name: workspace.name, role, createdAt: workspace.createdAt };
}
