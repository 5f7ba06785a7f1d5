import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { AccessEvents } from "@/lib/realtime/access-event.ts";
import { AppError } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import { requireAccess, type Actor } from "./require-access.ts";
import { idSchema } from "./schema.ts";

const inputSchema = z.object({ workspaceId: idSchema, confirmName: z.string() });

/**
 * Deletes the workspace with its documents, memberships and invites. The owner types the
 * workspace's name to confirm, because nothing can bring it back.
 */
export async function deleteWorkspace(prisma: PrismaClient, events: AccessEvents, actor: Actor, input: unknown): Promise<void> {
  const { workspaceId, confirmName } = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "workspace.delete");
  const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  if (confirmName.trim() !== workspace.name) {
    throw new AppError("BAD_REQUEST", "Type the workspace's name exactly to confirm deleting it.", "confirmName");
  }
  await prisma.workspace.delete({ where: { id: workspaceId } });
  events.accessChanged({ type: "workspace", workspaceId });
}
