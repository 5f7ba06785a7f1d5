import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import { DUMMY_HASH, verifyPassword } from "./password.ts";
import { emailSchema } from "./schema.ts";
import { beginSignInAttempt } from "./sign-in-limits.ts";

const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(200),
});

export type SessionUser = { id: string; email: string; name: string; sessionVersion: number };

/**
 * Email + password sign-in, rate-limited per account and per client address. The same
 * message answers an unknown email and a wrong password, so it does not reveal who has an account.
 */
export async function verifyCredentials(
  prisma: PrismaClient,
  input: { email?: unknown; password?: unknown },
  ip: string | null,
): Promise<SessionUser> {
  const { email, password } = parseInput(credentialsSchema, input);
  const attempt = await beginSignInAttempt(prisma, email, ip);
  const user = await prisma.user.findUnique({ where: { email } });
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  // A failure stays counted (it was counted before the check).
  if (!user || !user.passwordHash || !matches) throw new AppError("UNAUTHORIZED", "That email and password do not match an account.");
  await attempt.succeeded();
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
