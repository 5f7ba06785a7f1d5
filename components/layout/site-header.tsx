import Link from "next/link";
import { getSessionUser } from "@/lib/auth/get-session-actor.ts";
import { SignOutButton } from "./sign-out-button.tsx";

export async function SiteHeader() {
  const user = await getSessionUser();
  return (
    <header className="site-header">
      <Link href={user ? "/workspaces" : "/"} className="brand">
        <span aria-hidden="true" className="brand-mark">
          ¶
        </span>
        Marginalia
      </Link>
      <nav aria-label="Main">
        {user ? (
          <>
            <Link href="/workspaces">Workspaces</Link>
            <Link href="/settings">Settings</Link>
            <span className="nav-user" title={user.email}>
              {user.name}
            </span>
            <SignOutButton />
          </>
        ) : (
          <>
            <Link href="/demo">Demo article</Link>
            <Link href="/signin">Sign in</Link>
            <Link href="/signup" className="nav-cta">
              Sign up
            </Link>
          </>
        )}
      </nav>
    </header>
  );
}
