import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInviteForm } from "@/components/members/accept-invite-form.tsx";
import { getPrisma } from "@/lib/app-context.ts";
import { getSessionUser } from "@/lib/auth/get-session-actor.ts";
import { AppError } from "@/lib/errors.ts";
import { describeInvite } from "@/lib/workspaces/invites/describe-invite.ts";
import { ROLE_LABELS } from "@/lib/workspaces/policy.ts";

export const metadata: Metadata = { title: "Invitation" };

type Props = { params: Promise<{ token: string }> };

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  let invite;
  try {
    invite = await describeInvite(getPrisma(), { token });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <section className="notice-page" aria-labelledby="invite-title">
        <h1 id="invite-title">This invitation can’t be used</h1>
        <p>{error.message}</p>
        <p className="notice-actions">
          <Link href="/workspaces">Go to your workspaces</Link>
        </p>
      </section>
    );
  }
  const user = await getSessionUser();
  const returnTo = encodeURIComponent(`/invite/${token}`);
  return (
    <section className="notice-page" aria-labelledby="invite-title">
      <h1 id="invite-title">Join “{invite.workspaceName}”</h1>
      <p>
        {invite.invitedByName} invited you to this workspace as <strong>{ROLE_LABELS[invite.role].toLowerCase()}</strong>.
      </p>
      {user ? (
        <AcceptInviteForm token={token} workspaceName={invite.workspaceName} />
      ) : (
        <p className="notice-actions">
          <Link className="button" href={`/signup?callbackUrl=${returnTo}`}>
            Create an account to join
          </Link>
          <Link href={`/signin?callbackUrl=${returnTo}`}>I have an account</Link>
        </p>
      )}
    </section>
  );
}
