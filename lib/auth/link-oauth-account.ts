import type { PrismaClient } from "@/lib/db/database.ts";
import { copyDemoDocument } from "@/lib/documents/copy-demo-document.ts";
import { AppError } from "@/lib/errors.ts";
import type { SessionUser } from "./verify-credentials.ts";

type OAuthIdentity = { provider: string; providerAccountId: string; email: string | null | undefined; name: string | null | undefined };

/**
 * Finds the account behind an OAuth identity: the one already linked, else the one with the
 * same email (linked now), else a new account with its own workspace and demo copy.
 */
export async function linkOAuthAccount(prisma: PrismaClient, identity: OAuthIdentity): Promise<SessionUser> {
  const linked = await prisma.oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
    include: { user: true },
  });
  if (linked) return { id: linked.user.id, email: linked.user.email, name: linked.user.name, sessionVersion: linked.user.sessionVersion };

  const email = identity.email?.trim().toLowerCase();
  if (!email) throw new AppError("BAD_REQUEST", "Your account at the provider has no email address we can use.");
  return prisma.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email } });
    if (!user) {
      const name = identity.name?.trim() || email.split("@")[0] || email;
      user = await tx.user.create({ data: { email, name } });
      const workspace = await tx.workspace.create({
        data: { name: `${name}’s workspace`, memberships: { create: { userId: user.id, role: "OWNER" } } },
      });
      await copyDemoDocument(tx, workspace.id, user.id);
    }
    await tx.oAuthAccount.create({ data: { userId: user.id, provider: identity.provider, providerAccountId: identity.providerAccountId } });
    return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
  });
}
