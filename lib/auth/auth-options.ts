import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { AppContext } from "@/lib/app-context.ts";
import type { OAuthProviderConfig } from "@/lib/env.ts";
import { AppError } from "@/lib/errors.ts";
import { linkOAuthAccount } from "./link-oauth-account.ts";
import { verifyCredentials, type SessionUser } from "./verify-credentials.ts";

/** Set by the server to the client's address (through trusted proxies); clients cannot choose it (server/stamp-request.ts). */
export const CLIENT_ADDRESS_HEADER = "x-marginalia-client-address";

function oauthProvider(provider: OAuthProviderConfig) {
  switch (provider.id) {
    case "github":
      return GitHubProvider({ clientId: provider.clientId, clientSecret: provider.clientSecret });
    case "google":
      return GoogleProvider({ clientId: provider.clientId, clientSecret: provider.clientSecret });
    case "oidc":
      return {
        id: "oidc",
        name: provider.name,
        type: "oauth" as const,
        wellKnown: `${provider.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
        authorization: { params: { scope: "openid email profile" } },
        idToken: true,
        checks: ["pkce" as const, "state" as const],
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        profile(profile: { sub: string; email?: string; name?: string }) {
          return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? null };
        },
      };
  }
}

type MarginaliaToken = { uid?: string; sv?: number };

/**
 * next-auth configuration, built from the running app's context. Sessions are JWTs that carry
 * only the user id and session version; roles are read from the database on every request.
 */
export function buildAuthOptions(context: AppContext): AuthOptions {
  const { prisma } = context.database;
  return {
    secret: context.authSecret,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const address = req.headers?.[CLIENT_ADDRESS_HEADER];
          try {
            const user = await verifyCredentials(prisma, credentials ?? {}, typeof address === "string" ? address : null);
            return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
          } catch (error) {
            // next-auth passes a thrown message to the client as `error`; AppError messages are meant for people.
            if (error instanceof AppError) throw new Error(error.message);
            throw error;
          }
        },
      }),
      ...context.config.oauthProviders.map(oauthProvider),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.type === "credentials") return true;
        const linked = await linkOAuthAccount(prisma, {
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: user.email,
          name: user.name,
        });
        Object.assign(user, { id: linked.id, sessionVersion: linked.sessionVersion });
        return true;
      },
      jwt({ token, user }) {
        const claims = token as typeof token & MarginaliaToken;
        if (user) {
          claims.uid = user.id;
          claims.sv = (user as unknown as SessionUser).sessionVersion ?? 0;
        }
        return claims;
      },
      session({ session, token }) {
        const claims = token as typeof token & MarginaliaToken;
        return { ...session, uid: claims.uid, sv: claims.sv };
      },
    },
  };
}
