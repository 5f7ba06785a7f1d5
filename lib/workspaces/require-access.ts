import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import { can, type Action, type Role } from "./policy.ts";

/** Who is acting: a signed-in person, or a script with that person's API token. */
export type Actor = { userId: string };

/**
 * The check every workspace-scoped domain function starts with. Non-members get "not found"
 * (a workspace id reveals nothing); members whose role lacks the action get "forbidden".
 * The role is read from the database on every call, so role changes apply at once.
 */
export async function requireAccess(
  prisma: PrismaClient,
  actor: Actor,
  workspaceId: string,
  action: Action,
): Promise<{ role: Role }> {
  const membership = await prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: actor.userId } },
    select: { role: true },
  });
  if (!membership) throw notFound("Workspace");
  if (!can(membership.role, action)) {
    throw new AppError("FORBIDDEN", `Your role in this workspace (${membership.role.toLowerCase()}) does not allow this.`);
  }
  return membership;
}
