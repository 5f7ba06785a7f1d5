import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { parseInput } from "@/lib/validation.ts";
import { workspaceIdSchema } from "./schemas.ts";

export type MemberView = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
};

const inputSchema = z.object({ workspaceId: workspaceIdSchema });

const ROLE_ORDER: Record<Role, number> = { OWNER: 0, EDITOR: 1, COMMENTER: 2, VIEWER: 3 };

/**
 * Everyone in a workspace, owners first, then by name. Sorted here rather than in SQL so the
 * order is the same on PGlite and PostgreSQL, whose default collations differ.
 */
export async function listMembers(
  prisma: PrismaClient,
  actor: Actor,
  input: { workspaceId: string },
): Promise<MemberView[]> {
  const { workspaceId } = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "members.read");

  const rows = await prisma.membership.findMany({
    where: { workspaceId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
  return rows
    .map((row) => ({
      userId: row.user.id,
      name: row.user.name,
      email: row.user.email,
      role: row.role,
      joinedAt: row.createdAt,
    }))
    .sort(
      (a, b) =>
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        collator.compare(a.name, b.name) ||
        a.email.localeCompare(b.email),
    );
}
