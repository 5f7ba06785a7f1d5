import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { AccessEvents } from "@/lib/realtime/access-event.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { isOnlyOwner, lockWorkspaceMembers } from "./owners.ts";
import { parseInput } from "@/lib/validation.ts";
import { idSchema, workspaceIdSchema } from "./schemas.ts";

const inputSchema = z.object({ workspaceId: workspaceIdSchema, userId: idSchema("member") });

/**
 * Owners remove members; anyone may remove themselves (leaving). The last owner can do
 * neither, or the workspace would be left with nobody able to manage it. The check and the
 * delete run in one transaction under the workspace lock, like role changes.
 */
export async function removeMember(
  prisma: PrismaClient,
  events: AccessEvents,
  actor: Actor,
  input: { workspaceId: string; userId: string },
): Promise<void> {
  const { workspaceId, userId } = parseInput(inputSchema, input);
  const leaving = userId === actor.userId;
  await requireAccess(prisma, actor, workspaceId, leaving ? "workspace.read" : "members.manage");

  await prisma.$transaction(async (tx) => {
    await lockWorkspaceMembers(tx, workspaceId);
    const member = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId, userId } },
      select: { role: true },
    });
    if (!member) throw notFound(leaving ? "Workspace" : "Member");
    if (await isOnlyOwner(tx, workspaceId, member)) {
      throw new AppError(
        "CONFLICT",
        leaving
          ? "You are the only owner of this workspace. Make someone else an owner before you leave."
          : "A workspace needs at least one owner. Make someone else an owner first.",
      );
    }
    await tx.membership.delete({ where: { workspaceId_userId: { workspaceId, userId } } });
  });
  // Their open connections to the workspace's documents close now, not at the next re-check.
  events.accessChanged({ type: "membership", workspaceId, userId });
}
