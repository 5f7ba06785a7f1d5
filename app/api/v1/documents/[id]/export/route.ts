import { openApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { exportDocument } from "@/lib/export/export-document.ts";

export const GET = openApiRoute<{ id: string }>(async ({ prisma, actor, params, request, origin }) => {
  const { body, headers } = await exportDocument(prisma, actor, {
    documentId: params.id,
    origin,
    query: new URL(request.url).searchParams,
    frameAncestors: getAppContext().config.frameAncestors,
  });
  return new Response(typeof body === "string" ? body : new Blob([body as Uint8Array<ArrayBuffer>]), { headers });
}, { weight: "heavy" });
