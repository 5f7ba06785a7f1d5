import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { AccessEvents } from "@/lib/realtime/access-event.ts";
import { AppError } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { passwordSchema } from "./schema.ts";

const inputSchema = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password." }).max(200),
  newPassword: passwordSchema,
});

/**
 * Changes the password after checking the current one, and ends every other session: the
 * session version moves on, and sessions signed with the old one are refused.
 * Returns the new session version so the caller can renew its own session.
 */
export async function changePassword(prisma: PrismaClient, events: AccessEvents, actor: Actor, input: unknown): Promise<{ sessionVersion: number }> {
  const { currentPassword, newPassword } = parseInput(inputSchema, input);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new AppError("BAD_REQUEST", "Your current password is not right.", "currentPassword");
  }
  const updated = await prisma.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(newPassword), sessionVersion: { increment: 1 } },
  });
  events.accessChanged({ type: "sessions", userId: user.id });
  return { sessionVersion: updated.sessionVersion };
}
