import { readAnnotationState } from "@/lib/annotations/read-annotation-state.ts";
import { openApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";

type Params = { id: string };

/** The document's shared annotation room as one Yjs update (y-protocols' v1 encoding). */
export const GET = openApiRoute<Params>(async ({ prisma, actor, params }) => {
  const state = await readAnnotationState(prisma, getAppContext().realtime, actor, params.id);
  // Yjs encodes into plain ArrayBuffers; the cast only narrows the type the DOM lib asks for.
  return new Response(state as Uint8Array<ArrayBuffer>, {
    headers: { "content-type": "application/octet-stream", "cache-control": "private, no-store" },
  });
});
