"use client";

import { signOut } from "next-auth/react";
import { useActionState, useEffect } from "react";
import { changePasswordAction } from "@/app/settings/actions.ts";
import { Field } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";

/** Changing the password ends every session, this one included, so the person signs in anew. */
export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, null);
  useEffect(() => {
    if (state?.ok) void signOut({ callbackUrl: "/signin?callbackUrl=%2Fsettings" });
  }, [state]);
  const error = (field: string) => (state && !state.ok && state.field === field ? state.error : undefined);
  return (
    <form action={action} className="stack-form" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <FormMessage error={state && !state.ok && !state.field ? state.error : undefined} success={state?.ok ? "Password changed. Signing you out everywhere…" : undefined} />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={error("currentPassword")} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters. Other devices are signed out." error={error("newPassword")} />
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
