import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { endSession } from "@/lib/classroom/end-session.ts";

export const POST = sessionApiRoute<{ id: string }>(async ({ prisma, actor, params, request, json }) => {
  // The body is optional: an empty POST ends the session and keeps its data.
  const options = request.headers.get("content-length") === "0" || !request.headers.get("content-type") ? {} : await json();
  return endSession(prisma, getAppContext(), actor, { sessionId: params.id, options });
});
