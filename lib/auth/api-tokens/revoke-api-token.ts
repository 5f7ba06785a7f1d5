import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { AccessEvents } from "@/lib/realtime/access-event.ts";
import { notFound } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";

const inputSchema = z.object({ tokenId: z.string().trim().min(1).max(64) });

/** People can only revoke their own tokens; anyone else's id is "not found". */
export async function revokeApiToken(prisma: PrismaClient, events: AccessEvents, actor: Actor, input: unknown): Promise<void> {
  const { tokenId } = parseInput(inputSchema, input);
  const { count } = await prisma.apiToken.updateMany({
    where: { id: tokenId, userId: actor.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound("API token");
  events.accessChanged({ type: "apiToken", tokenId });
}
