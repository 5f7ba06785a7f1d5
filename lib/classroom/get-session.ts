import type { PrismaClient } from "@/lib/db/database.ts";
import type { Tag } from "@/lib/realtime/doc-schema.ts";
import { resolveSessionCaller, type SessionCredentials } from "./session-caller.ts";
import { joinUrl, sessionViewRooms } from "./session-links.ts";
import type { SessionRealtime } from "./session-room-records.ts";
import { sessionRoomName } from "./session-rooms.ts";
import { participantSources } from "./session-sources.ts";
import { apiMode, sessionState } from "./session-state.ts";

export type TagCounts = Record<Tag, number> & { total: number };

function emptyCounts(): TagCounts {
  return { propaganda: 0, sourcing: 0, context: 0, total: 0 };
}

/**
 * A session as the caller may see it. The teacher gets everything the dashboard needs: the
 * state, the rooms, every participant (removed ones flagged) with their highlight counts per tag,
 * read from their rooms. A student gets the state and their own identity, nothing of others.
 */
export async function getSession(
  prisma: PrismaClient,
  services: { authSecret: string; realtime: Pick<SessionRealtime, "state"> },
  credentials: SessionCredentials,
  input: { sessionId: string; origin: string },
) {
  const { caller, session, participant } = await resolveSessionCaller(prisma, services.authSecret, input.sessionId, credentials);
  const common = { id: session.id, documentId: session.documentId, mode: apiMode(session.mode), anonymous: session.anonymous, state: sessionState(session) };
  if (caller.kind === "participant" && participant) {
    return {
      ...common,
      groups: session.groupCount,
      me: {
        participantId: participant.id,
        number: participant.number,
        name: participant.name,
        group: participant.group,
        room: sessionRoomName(session.documentId, session.id, { kind: "participant", participantId: participant.id }),
        peersRoom: sessionRoomName(session.documentId, session.id, { kind: "peers", group: participant.group }),
      },
    };
  }

  const [rows, sources] = await Promise.all([
    prisma.sessionParticipant.findMany({ where: { sessionId: session.id }, orderBy: { number: "asc" } }),
    participantSources(prisma, services.realtime, session),
  ]);
  const counts = new Map<string, TagCounts>();
  const total = emptyCounts();
  for (const source of sources) {
    const mine = emptyCounts();
    for (const annotation of source.records.annotations) {
      mine[annotation.tag] += 1;
      mine.total += 1;
      total[annotation.tag] += 1;
      total.total += 1;
    }
    counts.set(source.participant.id, mine);
  }
  return {
    ...common,
    code: session.code,
    joinUrl: joinUrl(input.origin, session.code),
    groups: session.groupCount,
    createdAt: session.createdAt.toISOString(),
    rooms: sessionViewRooms(session),
    participants: rows.map((row) => ({
      id: row.id,
      number: row.number,
      name: row.name,
      group: row.group,
      joinedAt: row.joinedAt.toISOString(),
      removed: row.removedAt !== null,
      room: sessionRoomName(session.documentId, session.id, { kind: "participant", participantId: row.id }),
      counts: counts.get(row.id) ?? emptyCounts(),
    })),
    counts: total,
  };
}
