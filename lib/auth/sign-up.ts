import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { copyDemoDocument } from "@/lib/documents/copy-demo-document.ts";
import { isUniqueViolation } from "@/lib/db/unique-violation.ts";
import { AppError } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import { hashPassword } from "./password.ts";
import { displayNameSchema, emailSchema, passwordSchema } from "./schema.ts";

const inputSchema = z.object({ email: emailSchema, name: displayNameSchema, password: passwordSchema });

export type NewAccount = { userId: string; email: string; name: string; workspaceId: string };

/**
 * Creates an account with a first workspace that already holds a copy of the demo article,
 * so the newcomer can start annotating straight away.
 */
export async function signUp(prisma: PrismaClient, input: unknown): Promise<NewAccount> {
  const { email, name, password } = parseInput(inputSchema, input);
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name, passwordHash } });
      const workspace = await tx.workspace.create({
        data: { name: `${name}’s workspace`, memberships: { create: { userId: user.id, role: "OWNER" } } },
      });
      await copyDemoDocument(tx, workspace.id, user.id);
      return { userId: user.id, email, name, workspaceId: workspace.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", "email");
    }
    throw error;
  }
}
