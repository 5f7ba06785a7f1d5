import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { parseInput } from "@/lib/validation.ts";
import { workspaceIdSchema } from "@/lib/workspaces/members/schemas.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";

export type InviteView = { id: string; role: Role; expiresAt: Date; createdAt: Date; createdByName: string };

const inputSchema = z.object({ workspaceId: workspaceIdSchema });

/**
 * The links of a workspace that still work (not revoked, not expired), newest first, so owners
 * can see what is out there and revoke it. Tokens cannot be listed: only their hashes exist.
 */
export async function listInvites(
  prisma: PrismaClient,
  actor: Actor,
  input: { workspaceId: string },
): Promise<InviteView[]> {
  const { workspaceId } = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "invites.manage");

  const rows = await prisma.invite.findMany({
    where: { workspaceId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, role: true, expiresAt: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    role: row.role,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    createdByName: row.createdBy.name,
  }));
}
