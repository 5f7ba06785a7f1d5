import { publicApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/auth-options.ts";
import { joinSession } from "@/lib/classroom/join-session.ts";
import { PARTICIPANT_COOKIE, PARTICIPANT_TOKEN_TTL_MS } from "@/lib/classroom/participant-token.ts";

export const POST = publicApiRoute(async ({ prisma, request, json, origin }) => {
  const { authSecret, joinLimiter } = getAppContext();
  const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
  const joined = await joinSession(prisma, { authSecret, limiter: joinLimiter }, await json(), address);
  // The cookie brings a student who closes the laptop back as the same participant.
  const cookie = [
    `${PARTICIPANT_COOKIE}=${joined.token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.floor(PARTICIPANT_TOKEN_TTL_MS / 1000)}`,
    ...(origin.startsWith("https:") ? ["Secure"] : []),
  ].join("; ");
  return Response.json(joined, { status: 201, headers: { "set-cookie": cookie, "cache-control": "no-store" } });
});
