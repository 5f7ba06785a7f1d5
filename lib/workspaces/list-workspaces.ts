import type { PrismaClient } from "@/lib/db/database.ts";
import type { WorkspaceSummary } from "./create-workspace.ts";
import type { Actor } from "./require-access.ts";

export type WorkspaceListItem = WorkspaceSummary & { documentCount: number; memberCount: number };

/** The workspaces the actor belongs to, newest first, with their role in each. */
export async function listWorkspaces(prisma: PrismaClient, actor: Actor): Promise<WorkspaceListItem[]> {
  const memberships = await prisma.membership.findMany({
    where: { userId: actor.userId },
    include: { workspace: { include: { _count: { select: { documents: true, memberships: true } } } } },
    orderBy: { workspace: { createdAt: "desc" } },
  });
  return memberships.map(({ role, workspace }) => ({
    id: workspace.id,
    name: workspace.name,
    role,
    createdAt: workspace.createdAt,
    documentCount: workspace._count.documents,
    memberCount: workspace._count.memberships,
  }));
}
