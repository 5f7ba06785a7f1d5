"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { createWorkspaceAction } from "@/app/workspaces/actions.ts";
import { Field } from "@/components/ui/field.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";

export function CreateWorkspaceForm() {
  const router = useRouter();
  const [state, action] = useActionState(createWorkspaceAction, null);
  useEffect(() => {
    if (state?.ok) router.push(`/workspaces/${state.data.id}`);
  }, [state, router]);
  return (
    <form action={action} className="inline-form" aria-label="Create a workspace">
      <Field label="New workspace" name="name" required maxLength={80} placeholder="e.g. Fact-check desk" error={state && !state.ok ? state.error : undefined} />
      <SubmitButton pendingText="Creating…">Create workspace</SubmitButton>
    </form>
  );
}
