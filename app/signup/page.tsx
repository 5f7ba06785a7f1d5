import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form.tsx";
import { getSessionUser } from "@/lib/auth/get-session-actor.ts";
import { safeReturnPath } from "@/lib/auth/safe-return-path.ts";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<{ callbackUrl?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  const { callbackUrl } = await searchParams;
  const returnTo = callbackUrl ? safeReturnPath(callbackUrl) : null;
  if (await getSessionUser()) redirect(returnTo ?? "/workspaces");
  return (
    <section className="auth-page" aria-labelledby="signup-title">
      <h1 id="signup-title">Create your account</h1>
      <p className="lede">You get a workspace with the demo article in it, ready to annotate.</p>
      <SignUpForm returnTo={returnTo} />
    </section>
  );
}
