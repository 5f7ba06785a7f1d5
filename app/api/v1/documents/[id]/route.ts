import { apiRoute } from "@/lib/api/api-route.ts";
import { documentResource } from "@/lib/api/document-resource.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";

export const GET = apiRoute<{ id: string }>(async ({ prisma, actor, params, pageUrl }) => {
  const { document } = await getDocumentForActor(prisma, actor, params.id);
  return documentResource(document, pageUrl(document.slug === "demo" ? "/demo" : `/documents/${document.id}`));
});
