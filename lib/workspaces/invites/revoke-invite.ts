import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { notFound } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import { idSchema, workspaceIdSchema } from "@/lib/workspaces/members/schemas.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";

const inputSchema = z.object({ workspaceId: workspaceIdSchema, inviteId: idSchema("invitation") });

/**
 * Owners switch a link off before it expires. The invite is looked up within the workspace,
 * so an owner of one workspace cannot revoke (or probe) another's. Revoking twice is harmless
 * and keeps the first revocation time.
 */
export async function revokeInvite(
  prisma: PrismaClient,
  actor: Actor,
  input: { workspaceId: string; inviteId: string },
): Promise<{ id: string; revokedAt: Date }> {
  const { workspaceId, inviteId } = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "invites.manage");

  const invite = await prisma.invite.findFirst({
    where: { id: inviteId, workspaceId },
    select: { id: true, revokedAt: true },
  });
  if (!invite) throw notFound("Invitation");
  if (invite.revokedAt) return { id: invite.id, revokedAt: invite.revokedAt };
  const revokedAt = new Date();
  await prisma.invite.update({ where: { id: invite.id }, data: { revokedAt } });
  return { id: invite.id, revokedAt };
}
