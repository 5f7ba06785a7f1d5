import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { exportSession } from "@/lib/classroom/export-session.ts";

export const GET = sessionApiRoute<{ id: string }>(async ({ prisma, actor, params, request, origin }) => {
  const { body, headers } = await exportSession(prisma, getAppContext(), actor, {
    sessionId: params.id,
    origin,
    query: new URL(request.url).searchParams,
    frameAncestors: getAppContext().config.frameAncestors,
  });
  return new Response(typeof body === "string" ? body : new Blob([body as Uint8Array<ArrayBuffer>]), { headers });
}, { weight: "heavy" });
