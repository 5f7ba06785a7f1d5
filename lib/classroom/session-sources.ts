import type { PrismaClient } from "@/lib/db/database.ts";
import type { ClassSession } from "@/lib/generated/prisma/client.ts";
import { peersVisibility } from "./room-access.ts";
import { readManyRooms, readRoomRecords, type RoomRecords, type SessionRealtime } from "./session-room-records.ts";
import { sessionRoomName } from "./session-rooms.ts";
import { sessionAccessState } from "./session-state.ts";
import type { ViewSource } from "./session-view.ts";

export type ParticipantSource = Extract<ViewSource, { kind: "participant" }>;

/**
 * The rooms of a session's current participants (removed students' entries leave every view,
 * the results and the exports), in join order, read a few at a time. `group` narrows to one group.
 */
export async function participantSources(
  prisma: PrismaClient,
  realtime: Pick<SessionRealtime, "state">,
  session: Pick<ClassSession, "id" | "documentId">,
  filter: { group?: number } = {},
): Promise<ParticipantSource[]> {
  const participants = await prisma.sessionParticipant.findMany({
    where: { sessionId: session.id, removedAt: null, ...(filter.group ? { group: filter.group } : {}) },
    orderBy: { number: "asc" },
    select: { id: true, number: true, name: true },
  });
  const rooms = participants.map((participant) => sessionRoomName(session.documentId, session.id, { kind: "participant", participantId: participant.id }));
  const records = await readManyRooms(realtime, rooms);
  return participants.map((participant, index) => ({ kind: "participant", room: rooms[index]!, participant, records: records[index]! }));
}

export async function keySource(realtime: Pick<SessionRealtime, "state">, session: Pick<ClassSession, "id" | "documentId">): Promise<Extract<ViewSource, { kind: "key" }>> {
  const room = sessionRoomName(session.documentId, session.id, { kind: "key" });
  return { kind: "key", room, records: await readRoomRecords(realtime, room) };
}

/** What one student may see of others now: classmates of their group (all without groups) and the key, as the session's state allows. */
export async function peerSources(
  prisma: PrismaClient,
  realtime: Pick<SessionRealtime, "state">,
  session: ClassSession,
  viewer: { participantId: string; group: number },
): Promise<ViewSource[]> {
  const visible = peersVisibility(sessionAccessState(session));
  const sources: ViewSource[] = [];
  if (visible.classmates) {
    const classmates = await participantSources(prisma, realtime, session, { group: viewer.group });
    sources.push(...classmates.filter((source) => source.participant.id !== viewer.participantId));
  }
  if (visible.key) sources.push(await keySource(realtime, session));
  return sources;
}

export type { RoomRecords };
