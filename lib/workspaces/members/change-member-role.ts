import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { AccessEvents } from "@/lib/realtime/access-event.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { isOnlyOwner, lockWorkspaceMembers } from "./owners.ts";
import { parseInput } from "@/lib/validation.ts";
import { idSchema, roleSchema, workspaceIdSchema } from "./schemas.ts";

const inputSchema = z.object({ workspaceId: workspaceIdSchema, userId: idSchema("member"), role: roleSchema });

/**
 * Owners give members another role (owners included, themselves included). A workspace must
 * keep an owner, so the last one cannot be demoted; that check and the update share one
 * transaction holding the workspace lock, so two concurrent demotions cannot both pass it.
 */
export async function changeMemberRole(
  prisma: PrismaClient,
  events: AccessEvents,
  actor: Actor,
  input: { workspaceId: string; userId: string; role: Role },
): Promise<{ workspaceId: string; userId: string; role: Role }> {
  const { workspaceId, userId, role } = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "members.manage");

  const changed = await prisma.$transaction(async (tx) => {
    await lockWorkspaceMembers(tx, workspaceId);
    const member = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId, userId } },
      select: { role: true },
    });
    if (!member) throw notFound("Member");
    if (member.role === role) return false;
    if (role !== "OWNER" && (await isOnlyOwner(tx, workspaceId, member))) {
      throw new AppError("CONFLICT", "A workspace needs at least one owner. Make someone else an owner first.");
    }
    await tx.membership.update({ where: { workspaceId_userId: { workspaceId, userId } }, data: { role } });
    return true;
  });
  // Open connections of this member take the new role (a viewer's writes stop being applied).
  if (changed === true) events.accessChanged({ type: "membership", workspaceId, userId });
  return { workspaceId, userId, role };
}
