import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { sessionResultsResponse } from "@/lib/classroom/get-session-results.ts";

export const GET = sessionApiRoute<{ id: string }>(({ prisma, actor, params, request }) =>
  sessionResultsResponse(prisma, getAppContext(), actor, { sessionId: params.id, format: new URL(request.url).searchParams.get("format") }),
);
