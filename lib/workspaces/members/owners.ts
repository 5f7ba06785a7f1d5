import type { Prisma } from "@/lib/generated/prisma/client.ts";
import type { Role } from "@/lib/workspaces/policy.ts";

/**
 * Takes a lock on the workspace row for the rest of the transaction, so membership changes of
 * one workspace run one after another. Without it two owners demoting each other at the same
 * moment would both count two owners and leave the workspace with none. NO KEY UPDATE still
 * lets other transactions insert memberships (their foreign-key check needs only KEY SHARE).
 */
export async function lockWorkspaceMembers(tx: Prisma.TransactionClient, workspaceId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${workspaceId} FOR NO KEY UPDATE`;
}

/** Whether taking this member's ownership away would leave the workspace without an owner. */
export async function isOnlyOwner(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  member: { role: Role },
): Promise<boolean> {
  if (member.role !== "OWNER") return false;
  const owners = await tx.membership.count({ where: { workspaceId, role: "OWNER" } });
  return owners <= 1;
}
