import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { parseInput } from "@/lib/validation.ts";
import { roleSchema, workspaceIdSchema } from "@/lib/workspaces/members/schemas.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { newInviteToken } from "./invite-token.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const daysMessage = "An invitation can last from 1 to 30 days.";

const inputSchema = z.object({
  workspaceId: workspaceIdSchema,
  role: roleSchema,
  expiresInDays: z.number({ error: daysMessage }).int(daysMessage).min(1, daysMessage).max(30, daysMessage).default(7),
});

export type CreatedInvite = { id: string; token: string; role: Role; expiresAt: Date };

/**
 * Owners make a reusable invitation link (`/invite/<token>`) that grants `role` to whoever
 * accepts it until it expires or is revoked. The raw token is returned only here: the table
 * keeps its hash, so a lost link cannot be shown again, only replaced.
 */
export async function createInvite(
  prisma: PrismaClient,
  actor: Actor,
  input: { workspaceId: string; role: Role; expiresInDays?: number },
): Promise<CreatedInvite> {
  const { workspaceId, role, expiresInDays } = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "invites.manage");

  const { token, tokenHash } = newInviteToken();
  const invite = await prisma.invite.create({
    data: {
      workspaceId,
      role,
      tokenHash,
      createdById: actor.userId,
      expiresAt: new Date(Date.now() + expiresInDays * DAY_MS),
    },
    select: { id: true, role: true, expiresAt: true },
  });
  return { id: invite.id, token, role: invite.role, expiresAt: invite.expiresAt };
}
