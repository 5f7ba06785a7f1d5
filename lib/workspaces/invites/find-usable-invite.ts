import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError } from "@/lib/errors.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import { hashInviteToken, INVITE_TOKEN_PATTERN } from "./invite-token.ts";

export type UsableInvite = {
  workspaceId: string;
  workspaceName: string;
  role: Role;
  expiresAt: Date;
  invitedByName: string;
};

/**
 * The invite behind a link, if it can still be used. Every refusal is NOT_FOUND (the link
 * leads nowhere), but with a message that tells the visitor what to do about it.
 */
export async function findUsableInvite(prisma: PrismaClient, token: string, now = new Date()): Promise<UsableInvite> {
  const invalid = new AppError("NOT_FOUND", "This invitation link is not valid.");
  if (!INVITE_TOKEN_PATTERN.test(token)) throw invalid;
  const invite = await prisma.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: {
      workspaceId: true,
      role: true,
      expiresAt: true,
      revokedAt: true,
      workspace: { select: { name: true } },
      createdBy: { select: { name: true } },
    },
  });
  if (!invite) throw invalid;
  if (invite.revokedAt) throw new AppError("NOT_FOUND", "This invitation link was revoked.");
  if (invite.expiresAt <= now) throw new AppError("NOT_FOUND", "This invitation link has expired. Ask for a new one.");
  return {
    workspaceId: invite.workspaceId,
    workspaceName: invite.workspace.name,
    role: invite.role,
    expiresAt: invite.expiresAt,
    invitedByName: invite.createdBy.name,
  };
}
