import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { parseInput } from "@/lib/validation.ts";
import type { Actor } from "./require-access.ts";
import { workspaceNameSchema } from "./schema.ts";

const inputSchema = z.object({ name: workspaceNameSchema });

export type WorkspaceSummary = { id: string; name: string; role: "OWNER" | "EDITOR" | "COMMENTER" | "VIEWER"; createdAt: Date };

/** Anyone signed in may create a workspace; they become its owner. */
export async function createWorkspace(prisma: PrismaClient, actor: Actor, input: unknown): Promise<WorkspaceSummary> {
  const { name } = parseInput(inputSchema, input);
  const workspace = await prisma.workspace.create({
    data: { name, memberships: { create: { userId: actor.userId, role: "OWNER" } } },
  });
  return { id: workspace.id, name: workspace.name, role: "OWNER", createdAt: workspace.createdAt };
}
