"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { signUpAction } from "@/app/signup/actions.ts";
import { Field } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";

export function SignUpForm({ returnTo }: { returnTo: string | null }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    setPending(true);
    setError(null);
    const result = await signUpAction(input);
    if (!result.ok) {
      setError({ message: result.error, field: result.field });
      setPending(false);
      return;
    }
    const signedIn = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    if (!signedIn?.ok) {
      setError({ message: "Your account was created, but signing in failed. Sign in with your new password." });
      setPending(false);
      return;
    }
    router.push(returnTo ?? `/workspaces/${result.data.workspaceId}`);
    router.refresh();
  }

  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  return (
    <form className="stack-form" onSubmit={onSubmit} noValidate>
      <FormMessage error={error && !error.field ? error.message : undefined} />
      <Field label="Your name" name="name" autoComplete="name" required maxLength={80} error={fieldError("name")} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldError("email")} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        error={fieldError("password")}
      />
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <p className="form-footer">
        Already have an account? <Link href={returnTo ? `/signin?callbackUrl=${encodeURIComponent(returnTo)}` : "/signin"}>Sign in</Link>
      </p>
    </form>
  );
}
