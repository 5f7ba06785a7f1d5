import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/database.ts";

const SETTING_KEY = "auth.secret";

/**
 * The secret that signs session cookies. AUTH_SECRET wins when set; otherwise one is made on
 * first start and kept in the database, so every server process on the same database signs
 * alike and sessions survive restarts with no configuration.
 */
export async function resolveAuthSecret(prisma: PrismaClient, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const candidate = randomBytes(32).toString("base64url");
  // Insert-if-absent, then read: two processes starting together agree on the first secret.
  await prisma.instanceSetting.upsert({ where: { key: SETTING_KEY }, create: { key: SETTING_KEY, value: candidate }, update: {} });
  const stored = await prisma.instanceSetting.findUniqueOrThrow({ where: { key: SETTING_KEY } });
  return stored.value;
}
