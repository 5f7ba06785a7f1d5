"use client";

import { useActionState } from "react";
import { createInviteAction, revokeInviteAction } from "@/app/workspaces/[id]/members/actions.ts";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";
import { formatDateTime } from "@/lib/format-date.ts";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/workspaces/policy.ts";

type Invite = { id: string; role: Role; expiresAt: string; createdByName: string };

const ROLE_HINTS: Record<Role, string> = {
  OWNER: "everything, including members and deleting the workspace",
  EDITOR: "import articles, highlight, tag and comment",
  COMMENTER: "read and comment",
  VIEWER: "read only",
};

export function InvitePanel({ workspaceId, invites, origin }: { workspaceId: string; invites: Invite[]; origin: string }) {
  const [state, action] = useActionState(createInviteAction, null);
  const link = state?.ok ? `${origin}/invite/${state.data.token}` : null;
  return (
    <section aria-labelledby="invite-title" className="stack-form">
      <h2 id="invite-title">Invite people</h2>
      <form action={action} className="inline-form">
        <input type="hidden" name="workspaceId" value={workspaceId} />
        <div className="field">
          <label htmlFor="invite-role">They join as</label>
          <select id="invite-role" name="role" defaultValue="COMMENTER">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}: {ROLE_HINTS[role]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="invite-expiry">Link works for</label>
          <select id="invite-expiry" name="expiresInDays" defaultValue="7">
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
          </select>
        </div>
        <SubmitButton pendingText="Creating…">Create invitation link</SubmitButton>
      </form>
      <FormMessage error={state && !state.ok ? state.error : undefined} />
      {link && state?.ok ? (
        <div className="secret-box" role="status">
          <p>
            Anyone with this link can join as <strong>{ROLE_LABELS[state.data.role as Role]}</strong> until{" "}
            {formatDateTime(state.data.expiresAt)}. It is shown only once.
          </p>
          <p className="secret-value">
            <code data-testid="invite-link">{link}</code> <CopyButton text={link} label="Copy link" />
          </p>
        </div>
      ) : null}
      {invites.length > 0 ? (
        <>
          <h3>Active invitation links</h3>
          <ul className="token-list">
            {invites.map((invite) => (
              <li key={invite.id}>
                <span>
                  {ROLE_LABELS[invite.role]} link by {invite.createdByName}
                  <span className="cell-sub">Expires {formatDateTime(invite.expiresAt)}</span>
                </span>
                <form action={revokeInviteAction}>
                  <input type="hidden" name="workspaceId" value={workspaceId} />
                  <input type="hidden" name="inviteId" value={invite.id} />
                  <SubmitButton pendingText="Revoking…" className="button button-secondary">
                    Revoke
                  </SubmitButton>
                </form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
