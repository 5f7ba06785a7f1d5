import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import { normalizeJoinCode } from "./join-code.ts";
import type { JoinLimiter } from "./join-limits.ts";
import { issueParticipantToken } from "./participant-token.ts";
import { MAX_PARTICIPANTS, joinSessionSchema } from "./session-schema.ts";
import { sessionRoomName } from "./session-rooms.ts";

export type JoinedSession = {
  sessionId: string;
  participantId: string;
  token: string;
  /** The student's own room: where they highlight. */
  room: string;
  /** Where they read their classmates (and, after the reveal, the key). */
  peersRoom: string;
  number: number;
  group: number;
};

/** The transaction waits its turn behind a whole class joining at once: give it the time. */
const JOIN_TRANSACTION = { maxWait: 20_000, timeout: 20_000 };

/**
 * A student joins with the code on the board and a display name: no account, no email. Join
 * numbers follow join order: each join locks the session's row, so 150 students joining in
 * the same second get 1..150 without gaps or duplicates. Groups are dealt round-robin by number.
 * Wrong codes count against the client address (join-limits.ts); an ended session says so.
 */
export async function joinSession(
  prisma: PrismaClient,
  services: { authSecret: string; limiter: JoinLimiter },
  input: unknown,
  clientAddress: string,
): Promise<JoinedSession> {
  await services.limiter.admit(clientAddress);
  const { code: typed, name } = parseInput(joinSessionSchema, input);
  const code = normalizeJoinCode(typed);
  const found = code ? await prisma.classSession.findUnique({ where: { code }, select: { id: true } }) : null;
  if (!found) {
    await services.limiter.wrongCode(clientAddress);
    throw new AppError("NOT_FOUND", "No session has this code. Check the code on the board (letters and digits, no O or 0).", "code");
  }

  const participant = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM class_sessions WHERE id = ${found.id} FOR UPDATE`;
    const session = await tx.classSession.findUniqueOrThrow({ where: { id: found.id } });
    if (session.endedAt !== null || session.purgedAt !== null) throw new AppError("GONE", "This session has ended.");
    const [present, last] = await Promise.all([
      tx.sessionParticipant.count({ where: { sessionId: session.id, removedAt: null } }),
      tx.sessionParticipant.aggregate({ where: { sessionId: session.id }, _max: { number: true } }),
    ]);
    if (present >= MAX_PARTICIPANTS) {
      throw new AppError("CONFLICT", `This session is full (${MAX_PARTICIPANTS} participants). Ask your teacher to start another one.`);
    }
    const number = (last._max.number ?? 0) + 1;
    const group = session.groupCount > 0 ? ((number - 1) % session.groupCount) + 1 : 0;
    const row = await tx.sessionParticipant.create({ data: { id: randomUUID(), sessionId: session.id, number, name, group } });
    return { ...row, documentId: session.documentId };
  }, JOIN_TRANSACTION);

  const room = (slot: Parameters<typeof sessionRoomName>[2]) => sessionRoomName(participant.documentId, participant.sessionId, slot);
  return {
    sessionId: participant.sessionId,
    participantId: participant.id,
    token: issueParticipantToken({ sessionId: participant.sessionId, participantId: participant.id }, services.authSecret),
    room: room({ kind: "participant", participantId: participant.id }),
    peersRoom: room({ kind: "peers", group: participant.group }),
    number: participant.number,
    group: participant.group,
  };
}
