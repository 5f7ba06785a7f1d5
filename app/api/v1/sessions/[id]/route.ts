import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { getSession } from "@/lib/classroom/get-session.ts";

export const GET = sessionApiRoute<{ id: string }>(async ({ prisma, actor, params, origin }) => {
  const session = await getSession(prisma, getAppContext(), actor, { sessionId: params.id, origin });
  return Response.json(session, { headers: { "cache-control": "no-store" } });
});
