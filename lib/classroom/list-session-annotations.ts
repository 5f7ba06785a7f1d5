import { toW3CAnnotation, toW3CCollection } from "@/lib/annotations/w3c.ts";
import { w3cOptions } from "@/lib/annotations/w3c-options.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { ClassSession } from "@/lib/generated/prisma/client.ts";
import { resolveSessionCaller, type SessionCredentials } from "./session-caller.ts";
import { readRoomRecords, type RoomRecords, type SessionRealtime } from "./session-room-records.ts";
import { sessionRoomName } from "./session-rooms.ts";
import { keySource, participantSources, peerSources } from "./session-sources.ts";
import { sessionViewRecords } from "./session-view.ts";

/** The teacher's class view, computed from its sources: every current student by name, and the key. */
export async function classViewRecords(prisma: PrismaClient, realtime: Pick<SessionRealtime, "state">, session: ClassSession): Promise<RoomRecords> {
  const [students, key] = await Promise.all([participantSources(prisma, realtime, session), keySource(realtime, session)]);
  return sessionViewRecords([...students, key], "class", session.anonymous);
}

/**
 * What the caller may see of a session now, as a W3C AnnotationCollection: for the teacher the
 * class view (every student's highlights under their name, and the key); for a student their
 * own highlights and what their peers view shows at this moment (nothing of others in blind mode
 * before the reveal). Computed from the source rooms, so it never trails the live views.
 */
export async function listSessionAnnotations(
  prisma: PrismaClient,
  services: { authSecret: string; realtime: Pick<SessionRealtime, "state"> },
  credentials: SessionCredentials,
  input: { sessionId: string; origin: string },
) {
  const { caller, session } = await resolveSessionCaller(prisma, services.authSecret, input.sessionId, credentials);
  let records: RoomRecords;
  if (caller.kind === "teacher") {
    records = await classViewRecords(prisma, services.realtime, session);
  } else {
    const own = await readRoomRecords(services.realtime, sessionRoomName(session.documentId, session.id, { kind: "participant", participantId: caller.participantId }));
    const peers = sessionViewRecords(await peerSources(prisma, services.realtime, session, caller), "peers", session.anonymous);
    records = { annotations: [...own.annotations, ...peers.annotations], comments: [...own.comments, ...peers.comments] };
  }
  const options = w3cOptions(input.origin, `${input.origin}/documents/${session.documentId}`);
  const threads = new Map<string, RoomRecords["comments"]>();
  for (const comment of records.comments) threads.set(comment.annotationId, [...(threads.get(comment.annotationId) ?? []), comment]);
  const items = records.annotations
    .sort((a, b) => a.start - b.start || a.end - b.end || a.createdAt - b.createdAt)
    .map((annotation) => toW3CAnnotation(annotation, threads.get(annotation.id) ?? [], options));
  return toW3CCollection(items, { id: `${input.origin}/api/v1/sessions/${session.id}/annotations`, label: "Annotations of a classroom session" });
}
