"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { deleteWorkspaceAction, renameWorkspaceAction } from "@/app/workspaces/actions.ts";
import { Field } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";

export function RenameWorkspaceForm({ workspaceId, name }: { workspaceId: string; name: string }) {
  const [state, action] = useActionState(renameWorkspaceAction, null);
  return (
    <form action={action} className="stack-form" aria-labelledby="rename-title">
      <h3 id="rename-title">Name</h3>
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <Field label="Workspace name" name="name" defaultValue={name} required maxLength={80} error={state && !state.ok ? state.error : undefined} />
      <FormMessage success={state?.ok ? "Saved." : undefined} />
      <SubmitButton pendingText="Saving…">Save name</SubmitButton>
    </form>
  );
}

export function DeleteWorkspaceForm({ workspaceId, name }: { workspaceId: string; name: string }) {
  const router = useRouter();
  const [state, action] = useActionState(deleteWorkspaceAction, null);
  useEffect(() => {
    if (state?.ok) router.push("/workspaces");
  }, [state, router]);
  return (
    <form action={action} className="stack-form danger-zone" aria-labelledby="delete-title">
      <h3 id="delete-title">Delete this workspace</h3>
      <p>Its articles, annotations, members and invitations are deleted for everyone. This cannot be undone.</p>
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <Field label={`Type “${name}” to confirm`} name="confirmName" required autoComplete="off" error={state && !state.ok ? state.error : undefined} />
      <SubmitButton pendingText="Deleting…" className="button button-danger">
        Delete workspace
      </SubmitButton>
    </form>
  );
}
