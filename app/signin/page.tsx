import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form.tsx";
import { getAppContext } from "@/lib/app-context.ts";
import { getSessionUser } from "@/lib/auth/get-session-actor.ts";
import { safeReturnPath } from "@/lib/auth/safe-return-path.ts";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

const PROVIDER_NAMES: Record<string, string> = { github: "GitHub", google: "Google" };

/** next-auth redirects here with ?error=<code> when an OAuth sign-in fails. */
const OAUTH_ERRORS: Record<string, string> = {
  OAuthSignin: "Could not start signing in with that provider. Try again.",
  OAuthCallback: "The provider did not confirm your sign-in. Try again.",
  AccessDenied: "Sign-in was cancelled or refused.",
  Callback: "Signing in with that provider failed. Try again.",
};

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  const returnTo = safeReturnPath(callbackUrl);
  if (await getSessionUser()) redirect(returnTo);
  const providers = getAppContext().config.oauthProviders.map((provider) => ({
    id: provider.id,
    name: provider.id === "oidc" ? provider.name : (PROVIDER_NAMES[provider.id] ?? provider.id),
  }));
  return (
    <section className="auth-page" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <SignInForm returnTo={returnTo} providers={providers} initialError={error ? (OAUTH_ERRORS[error] ?? "Signing in failed. Try again.") : null} />
    </section>
  );
}
