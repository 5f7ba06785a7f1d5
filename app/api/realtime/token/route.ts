import { errorResponse } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { getSessionUser } from "@/lib/auth/get-session-actor.ts";
import { AppError } from "@/lib/errors.ts";
import { issueRealtimeToken, REALTIME_TOKEN_TTL_MS } from "@/lib/realtime/realtime-token.ts";

/** A short-lived token for the realtime endpoint, for a signed-in browser that cannot send its cookie there. */
export async function POST() {
  const user = await getSessionUser();
  if (!user) return errorResponse(new AppError("UNAUTHORIZED", "Sign in to get a realtime token."));
  const { database, authSecret } = getAppContext();
  const { sessionVersion } = await database.prisma.user.findUniqueOrThrow({ where: { id: user.userId }, select: { sessionVersion: true } });
  const now = Date.now();
  return Response.json(
    { token: issueRealtimeToken({ userId: user.userId, sessionVersion }, authSecret, now), expiresAt: new Date(now + REALTIME_TOKEN_TTL_MS).toISOString() },
    { headers: { "cache-control": "no-store" } },
  );
}
