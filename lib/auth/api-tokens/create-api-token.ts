import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { parseInput } from "@/lib/validation.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { newApiTokenSecret } from "./token-secret.ts";

const inputSchema = z.object({
  name: z.string().trim().min(1, { error: "Name the token, e.g. after the script that uses it." }).max(80),
});

/** The token is returned once, here; only its hash is stored. */
export async function createApiToken(prisma: PrismaClient, actor: Actor, input: unknown): Promise<{ id: string; token: string; name: string }> {
  const { name } = parseInput(inputSchema, input);
  const { token, tokenHash, prefix } = newApiTokenSecret();
  const row = await prisma.apiToken.create({ data: { userId: actor.userId, name, prefix, tokenHash } });
  return { id: row.id, token, name };
}
