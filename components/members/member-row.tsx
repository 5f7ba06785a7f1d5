"use client";

import { useActionState } from "react";
import { changeRoleAction, removeMemberAction } from "@/app/workspaces/[id]/members/actions.ts";
import { SubmitButton } from "@/components/ui/submit-button.tsx";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/workspaces/policy.ts";

type Member = { userId: string; name: string; email: string; role: Role };

/** One member; owners get a role picker and a remove button. Errors show on the row they concern. */
export function MemberRow({ workspaceId, member, canManage, isSelf }: { workspaceId: string; member: Member; canManage: boolean; isSelf: boolean }) {
  const [roleState, changeRole] = useActionState(changeRoleAction, null);
  const [removeState, remove] = useActionState(removeMemberAction, null);
  const error = (roleState && !roleState.ok ? roleState.error : undefined) ?? (removeState && !removeState.ok ? removeState.error : undefined);
  const selectId = `role-${member.userId}`;
  return (
    <li className="member-row" data-testid={`member-${member.email}`}>
      <span className="member-who">
        <strong>{member.name}</strong>
        {isSelf ? " (you)" : ""}
        <span className="cell-sub">{member.email}</span>
      </span>
      {canManage ? (
        <form action={changeRole} className="member-role-form">
          <input type="hidden" name="workspaceId" value={workspaceId} />
          <input type="hidden" name="userId" value={member.userId} />
          <label htmlFor={selectId} className="visually-hidden">
            Role of {member.name}
          </label>
          <select id={selectId} name="role" defaultValue={member.role} key={member.role}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
          <SubmitButton pendingText="Saving…" className="button button-secondary">
            Change role
          </SubmitButton>
        </form>
      ) : (
        <span className="role-badge" data-role={member.role}>
          {ROLE_LABELS[member.role]}
        </span>
      )}
      {canManage && !isSelf ? (
        <form action={remove}>
          <input type="hidden" name="workspaceId" value={workspaceId} />
          <input type="hidden" name="userId" value={member.userId} />
          <SubmitButton pendingText="Removing…" className="button button-secondary">
            Remove <span className="visually-hidden">{member.name}</span>
          </SubmitButton>
        </form>
      ) : null}
      {error ? (
        <p className="field-error member-error" role="alert">
          {error}
        </p>
      ) : roleState?.ok ? (
        // Saved and applied: the member's next page load (or open connection, within seconds) has the new role.
        <p className="member-saved" role="status">
          Role saved: {ROLE_LABELS[member.role].toLowerCase()}.
        </p>
      ) : null}
    </li>
  );
}
