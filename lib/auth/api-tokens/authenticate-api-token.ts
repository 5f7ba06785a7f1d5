import type { PrismaClient } from "@/lib/db/database.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { API_TOKEN_PREFIX, hashApiToken } from "./token-secret.ts";

/** Marks a token used at most this often, so busy scripts do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The actor behind a bearer token, or null for anything that is not a live token. */
export async function authenticateApiToken(prisma: PrismaClient, token: string): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) } });
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { userId: row.userId };
}
