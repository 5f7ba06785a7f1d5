import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { AccessEvents } from "@/lib/realtime/access-event.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { parseInput } from "@/lib/validation.ts";
import { removeMember } from "./remove-member.ts";
import { workspaceIdSchema } from "./schemas.ts";

const inputSchema = z.object({ workspaceId: workspaceIdSchema });

/** Leaving is removing yourself; removeMember holds the rules (any role may, the last owner may not). */
export async function leaveWorkspace(
  prisma: PrismaClient,
  events: AccessEvents,
  actor: Actor,
  input: { workspaceId: string },
): Promise<void> {
  const { workspaceId } = parseInput(inputSchema, input);
  await removeMember(prisma, events, actor, { workspaceId, userId: actor.userId });
}
