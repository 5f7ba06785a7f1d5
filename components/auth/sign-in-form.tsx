"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Field } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";

type Provider = { id: string; name: string };

export function SignInForm({ returnTo, providers, initialError }: { returnTo: string; providers: Provider[]; initialError: string | null }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(initialError);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result?.ok) {
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "That email and password do not match an account.");
      setPending(false);
      return;
    }
    router.push(returnTo);
    router.refresh();
  }

  return (
    <>
      <form className="stack-form" onSubmit={onSubmit}>
        <FormMessage error={error ?? undefined} />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {providers.length > 0 ? (
        <div className="oauth-providers" aria-label="Other ways to sign in">
          {providers.map((provider) => (
            <button key={provider.id} type="button" className="button button-secondary" onClick={() => signIn(provider.id, { callbackUrl: returnTo })}>
              Continue with {provider.name}
            </button>
          ))}
        </div>
      ) : null}
      <p className="form-footer">
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(returnTo)}`}>Create an account</Link>
      </p>
    </>
  );
}
