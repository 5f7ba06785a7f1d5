import { apiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { createSession } from "@/lib/classroom/create-session.ts";
import { listDocumentSessions } from "@/lib/classroom/list-document-sessions.ts";

type Params = { id: string };

export const POST = apiRoute<Params>(async ({ prisma, actor, params, json, origin }) => {
  const session = await createSession(prisma, getAppContext().realtime, actor, { documentId: params.id, origin, options: await json() });
  return Response.json(session, { status: 201, headers: { location: `/api/v1/sessions/${session.id}` } });
});

export const GET = apiRoute<Params>(({ prisma, actor, params, origin }) => listDocumentSessions(prisma, actor, { documentId: params.id, origin }));
