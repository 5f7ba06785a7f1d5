import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { findUsableInvite } from "./find-usable-invite.ts";
import { tokenSchema } from "./schemas.ts";

const inputSchema = z.object({ token: tokenSchema });

/**
 * Joins the signed-in user to the invite's workspace with the invite's role. Links are reusable
 * until they expire or are revoked. Someone who is already a member keeps their membership as
 * it is: a link must never downgrade an owner, nor upgrade a viewer past what owners decided.
 * `role` in the answer is the role the user actually has afterwards.
 */
export async function acceptInvite(
  prisma: PrismaClient,
  actor: Actor,
  input: { token: string },
): Promise<{ workspaceId: string; role: Role; alreadyMember: boolean }> {
  const { token } = parseInput(inputSchema, input);
  const invite = await findUsableInvite(prisma, token);
  const { workspaceId } = invite;

  // ON CONFLICT DO NOTHING: a double click (two requests at once) creates one membership and
  // answers "already a member" to the other instead of failing on the primary key.
  const { count } = await prisma.membership.createMany({
    data: [{ workspaceId, userId: actor.userId, role: invite.role }],
    skipDuplicates: true,
  });
  if (count === 1) return { workspaceId, role: invite.role, alreadyMember: false };

  const existing = await prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: actor.userId } },
    select: { role: true },
  });
  // Only if the membership was removed between the two statements, at that very moment.
  if (!existing) throw new AppError("CONFLICT", "Your membership changed while you were joining. Please try again.");
  return { workspaceId, role: existing.role, alreadyMember: true };
}
