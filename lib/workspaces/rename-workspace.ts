import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { parseInput } from "@/lib/validation.ts";
import { requireAccess, type Actor } from "./require-access.ts";
import { idSchema, workspaceNameSchema } from "./schema.ts";

const inputSchema = z.object({ workspaceId: idSchema, name: workspaceNameSchema });

export async function renameWorkspace(prisma: PrismaClient, actor: Actor, input: unknown): Promise<void> {
  const { workspaceId, name } = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "workspace.rename");
  await prisma.workspace.update({ where: { id: workspaceId }, data: { name } });
}
