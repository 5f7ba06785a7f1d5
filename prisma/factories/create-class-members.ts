import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import { newApiTokenSecret } from "@/lib/auth/api-tokens/token-secret.ts";

export type ClassMember = { userId: string; name: string; token: string };

/**
 * `count` members of a workspace, each with an API token, written in a few batched inserts:
 * a class of 150 (or a benchmark's 5,000) through sign-up would spend minutes hashing
 * passwords that nobody types. These accounts have no password; they connect with the token.
 */
export async function createClassMembers(prisma: PrismaClient, workspaceId: string, count: number, options: { role?: Role; label?: string } = {}): Promise<ClassMember[]> {
  const label = options.label ?? randomUUID().slice(0, 8);
  const members = Array.from({ length: count }, (_, index) => ({ userId: randomUUID(), name: `Student ${index + 1}`, ...newApiTokenSecret() }));
  const BATCH = 500;
  for (let start = 0; start < members.length; start += BATCH) {
    const batch = members.slice(start, start + BATCH);
    await prisma.user.createMany({ data: batch.map((member, index) => ({ id: member.userId, email: `student-${label}-${start + index}@example.org`, name: member.name })) });
    await prisma.membership.createMany({ data: batch.map((member) => ({ workspaceId, userId: member.userId, role: options.role ?? "EDITOR" })) });
    await prisma.apiToken.createMany({ data: batch.map((member) => ({ userId: member.userId, name: "class", prefix: member.prefix, tokenHash: member.tokenHash })) });
  }
  return members.map(({ userId, name, token }) => ({ userId, name, token }));
}
