import { deleteAnnotation } from "@/lib/annotations/delete-annotation.ts";
import { apiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";

export const DELETE = apiRoute<{ id: string }>(async ({ prisma, actor, params }) => {
  await deleteAnnotation(prisma, getAppContext().realtime, actor, params.id);
  return new Response(null, { status: 204 });
});
