import { getServerSession } from "next-auth";
import { connection } from "next/server";
import { getAppContext } from "@/lib/app-context.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { buildAuthOptions } from "./auth-options.ts";

export type SignedInUser = Actor & { email: string; name: string };

/**
 * The signed-in person for this request, or null. A session whose version is older than the
 * account's (password changed, signed out everywhere) or whose account is gone counts as none.
 * Only for server components, route handlers and server actions.
 */
export async function getSessionUser(): Promise<SignedInUser | null> {
  // Who is signed in is only known at request time: never prerender a page that asks.
  await connection();
  const context = getAppContext();
  const session = (await getServerSession(buildAuthOptions(context))) as { uid?: string; sv?: number } | null;
  if (!session?.uid) return null;
  const user = await context.database.prisma.user.findUnique({ where: { id: session.uid } });
  if (!user || user.sessionVersion !== (session.sv ?? 0)) return null;
  return { userId: user.id, email: user.email, name: user.name };
}
