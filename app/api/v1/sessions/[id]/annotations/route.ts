import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { listSessionAnnotations } from "@/lib/classroom/list-session-annotations.ts";

export const GET = sessionApiRoute<{ id: string }>(async ({ prisma, actor, params, origin }) => {
  const collection = await listSessionAnnotations(prisma, getAppContext(), actor, { sessionId: params.id, origin });
  return new Response(JSON.stringify(collection), {
    headers: { "content-type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', "cache-control": "private, no-store" },
  });
});
