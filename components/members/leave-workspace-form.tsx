"use client";

import { useActionState } from "react";
import { leaveWorkspaceAction } from "@/app/workspaces/[id]/members/actions.ts";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";

export function LeaveWorkspaceForm({ workspaceId }: { workspaceId: string }) {
  const [state, action] = useActionState(leaveWorkspaceAction, null);
  return (
    <form action={action} className="stack-form">
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <FormMessage error={state && !state.ok ? state.error : undefined} />
      <SubmitButton pendingText="Leaving…" className="button button-secondary">
        Leave this workspace
      </SubmitButton>
    </form>
  );
}
