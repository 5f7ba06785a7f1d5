import { redirect } from "next/navigation";
import { getSessionUser, type SignedInUser } from "./get-session-actor.ts";

/** For pages and actions that need a signed-in person: anyone else goes to sign in and comes back. */
export async function requireUser(returnTo: string): Promise<SignedInUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
