import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { parseInput } from "@/lib/validation.ts";
import { findUsableInvite, type UsableInvite } from "./find-usable-invite.ts";
import { tokenSchema } from "./schemas.ts";

const inputSchema = z.object({ token: tokenSchema });

/**
 * What an invitation link offers (workspace, role, who sent it), for the invite page. It needs
 * no actor: visitors see it before they sign in. The token is the only credential.
 */
export async function describeInvite(prisma: PrismaClient, input: { token: string }): Promise<UsableInvite> {
  const { token } = parseInput(inputSchema, input);
  return findUsableInvite(prisma, token);
}
