"use client";

import { useActionState } from "react";
import { acceptInviteAction } from "@/app/invite/[token]/actions.ts";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";

export function AcceptInviteForm({ token, workspaceName }: { token: string; workspaceName: string }) {
  const [state, action] = useActionState(acceptInviteAction, null);
  return (
    <form action={action} className="stack-form">
      <input type="hidden" name="token" value={token} />
      <FormMessage error={state && !state.ok ? state.error : undefined} />
      <SubmitButton pendingText="Joining…">Join {workspaceName}</SubmitButton>
    </form>
  );
}
