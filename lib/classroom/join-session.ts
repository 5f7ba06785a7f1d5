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
  const verdict = await services.limiter.admit(clientAddress);
  if (!verdict.allowed) {
    const message =
      verdict.reason === "wrong-codes"
        ? "Too many wrong codes from this network. Check the code on the board and try again in a few minutes."
        : "Too many join attempts from this network. Try again in a minute.";
    throw new AppError("RATE_LIMITED", message, undefined, verdict.retryAfterSeconds);
  }
  const { code: typed, name } = parseInput(joinSessionSchema, input);
  const code = normalizeJoinCode(typed);
  const found = code ? await prisma.classSession.findUnique({ where: { code }, select: { id: true } }) : null;
  if (!found) {
    await services.limiter.wrongCode(clientAddress);
    throw new AppError("NOT_FOUND", "No session has this code. Check the code on the board (letters and digits, no O or 0).", "code");
  }

  // Three statements while holding the session's row: joins queue here, so each one is short.
  const participant = await prisma.$transaction(async (tx) => {
    const [session] = await tx.$queryRaw<{ documentId: string; groupCount: number; over: boolean }[]>`
      SELECT document_id AS "documentId", group_count AS "groupCount", (ended_at IS NOT NULL OR purged_at IS NOT NULL) AS "over"
      FROM class_sessions WHERE id = ${found.id} FOR UPDATE`;
    if (!session || session.over) throw new AppError("GONE", "This session has ended.");
    const [taken] = await tx.$queryRaw<{ present: number; last: number }[]>`
      SELECT count(*) FILTER (WHERE removed_at IS NULL)::int AS "present", COALESCE(max(number), 0)::int AS "last"
      FROM session_participants WHERE session_id = ${found.id}`;
    if ((taken?.present ?? 0) >= MAX_PARTICIPANTS) {
      throw new AppError("CONFLICT", `This session is full (${MAX_PARTICIPANTS} participants). Ask your teacher to start another one.`);
    }
    const number = (taken?.last ?? 0) + 1;
    const group = session.groupCount > 0 ? ((number - 1) % session.groupCount) + 1 : 0;
    const row = await tx.sessionParticipant.create({ data: { id: randomUUID(), sessionId: found.id, number, name, group } });
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
