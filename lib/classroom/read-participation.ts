import type { PrismaClient } from "@/lib/db/database.ts";
import { verifyParticipantToken } from "./participant-token.ts";
import type { SessionAccessState } from "./room-access.ts";
import { sessionRoomName } from "./session-rooms.ts";

/** What a student's page needs to know about them and their session. */
export type Participation = {
  session: { id: string; documentId: string; workspaceId: string; mode: "BLIND" | "OPEN"; anonymous: boolean; state: SessionAccessState };
  participant: { id: string; number: number; name: string; group: number };
  rooms: { own: string; peers: string };
};

export type ParticipationResult =
  | { kind: "participant"; participation: Participation }
  /** No token, a forged or expired one, or one for another session: the student should join. */
  | { kind: "not-joined" }
  | { kind: "removed" }
  /** Ended with the students' data deleted (or names purged): nothing is left to show. */
  | { kind: "erased" };

/**
 * Who the participant cookie says this browser is in a session, read afresh from the database
 * (the token carries no rights of its own: a removed student or an erased session ends it at
 * once). A session that merely ended is still shown, read only.
 */
export async function readParticipation(prisma: PrismaClient, token: string | null, secret: string, sessionId: string): Promise<ParticipationResult> {
  const claims = token ? verifyParticipantToken(token, secret) : null;
  if (!claims || claims.sessionId !== sessionId) return { kind: "not-joined" };
  const participant = await prisma.sessionParticipant.findUnique({ where: { id: claims.participantId }, include: { session: true } });
  if (!participant || participant.sessionId !== sessionId) return { kind: "not-joined" };
  if (participant.removedAt) return { kind: "removed" };
  const session = participant.session;
  if (session.purgedAt || participant.name === null) return { kind: "erased" };
  return {
    kind: "participant",
    participation: {
      session: {
        id: session.id,
        documentId: session.documentId,
        workspaceId: session.workspaceId,
        mode: session.mode,
        anonymous: session.anonymous,
        state: { mode: session.mode, locked: session.lockedAt !== null, revealed: session.revealedAt !== null, ended: session.endedAt !== null },
      },
      participant: { id: participant.id, number: participant.number, name: participant.name, group: participant.group },
      rooms: {
        own: sessionRoomName(session.documentId, session.id, { kind: "participant", participantId: participant.id }),
        peers: sessionRoomName(session.documentId, session.id, { kind: "peers", group: participant.group }),
      },
    },
  };
}

/**
 * The live session a returning browser's cookie names, for "Continue as <name>" on /join:
 * null unless the participant still exists and the session has not ended.
 */
export async function readReturningParticipant(prisma: PrismaClient, token: string | null, secret: string): Promise<{ sessionId: string; name: string } | null> {
  const claims = token ? verifyParticipantToken(token, secret) : null;
  if (!claims) return null;
  const result = await readParticipation(prisma, token, secret, claims.sessionId);
  if (result.kind !== "participant" || result.participation.session.state.ended) return null;
  return { sessionId: claims.sessionId, name: result.participation.participant.name };
}
