import { createAnnotation } from "@/lib/annotations/create-annotation.ts";
import { listAnnotations } from "@/lib/annotations/list-annotations.ts";
import { apiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";

type Params = { id: string };
const JSON_LD = { "content-type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"' };

export const GET = apiRoute<Params>(async ({ prisma, actor, params, origin }) => {
  const collection = await listAnnotations(prisma, actor, { documentId: params.id, origin });
  return new Response(JSON.stringify(collection), { headers: JSON_LD });
});

export const POST = apiRoute<Params>(async ({ prisma, actor, params, json, origin }) => {
  const annotation = await createAnnotation(prisma, getAppContext().realtime, actor, {
    documentId: params.id,
    annotation: await json(),
    origin,
  });
  return new Response(JSON.stringify(annotation), { status: 201, headers: { ...JSON_LD, location: annotation.id } });
}, { acceptsJsonLd: true });
