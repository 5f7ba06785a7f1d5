import type { Metadata } from "next";
import { ApiTokens } from "@/components/settings/api-tokens.tsx";
import { ChangePasswordForm } from "@/components/settings/change-password-form.tsx";
import { getPrisma } from "@/lib/app-context.ts";
import { listApiTokens } from "@/lib/auth/api-tokens/list-api-tokens.ts";
import { requireUser } from "@/lib/auth/require-user.ts";

export const metadata: Metadata = { title: "Account settings" };

export default async function SettingsPage() {
  const user = await requireUser("/settings");
  const prisma = getPrisma();
  const [tokens, account] = await Promise.all([
    listApiTokens(prisma, user),
    prisma.user.findUniqueOrThrow({ where: { id: user.userId }, select: { passwordHash: true } }),
  ]);
  return (
    <div className="page">
      <h1>Account settings</h1>
      <p>
        Signed in as <strong>{user.name}</strong> ({user.email}).
      </p>
      <div className="settings-sections">
        {account.passwordHash ? <ChangePasswordForm /> : <p>You sign in through an external provider, so there is no password to change here.</p>}
        <ApiTokens
          tokens={tokens.map((token) => ({
            ...token,
            createdAt: token.createdAt.toISOString(),
            lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
          }))}
        />
      </div>
    </div>
  );
}
