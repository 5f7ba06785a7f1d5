import type { PrismaClient } from "@/lib/db/database.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";

export type ApiTokenListItem = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null };

export async function listApiTokens(prisma: PrismaClient, actor: Actor): Promise<ApiTokenListItem[]> {
  return prisma.apiToken.findMany({
    where: { userId: actor.userId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
}
