import { cache } from "react";
import { getPrisma } from "@/lib/app-context.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import { loadTeacherSession } from "@/lib/classroom/load-teacher-session.ts";
import { sessionRoomName } from "@/lib/classroom/session-rooms.ts";
import { orNotFound } from "@/lib/pages/or-not-found.ts";

/**
 * The signed-in teacher, the session, its document and room names, read once per request for
 * the teacher's pages (dashboard, projector, key editor). Signed out: to the sign-in page and back.
 */
export const loadTeacherPage = cache(async (sessionId: string, path: string) => {
  const user = await requireUser(path);
  const loaded = await orNotFound(loadTeacherSession(getPrisma(), user, sessionId));
  const { documentId, id } = loaded.session;
  return {
    user,
    ...loaded,
    rooms: {
      class: sessionRoomName(documentId, id, { kind: "class" }),
      key: sessionRoomName(documentId, id, { kind: "key" }),
    },
  };
});
