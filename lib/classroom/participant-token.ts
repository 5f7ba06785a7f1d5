import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * What a student's browser holds after joining a classroom session: the session and
 * participant ids, signed with the instance's secret. It goes in an HttpOnly cookie
 * (PARTICIPANT_COOKIE, so closing the laptop and coming back finds the same participant), as
 * `?token=` on `/realtime/<room>` and as a Bearer token on the session's endpoints. It carries
 * no rights of its own: every use reads the participant and session rows again, so removing a
 * student or ending the session ends the token at once.
 */
export const PARTICIPANT_TOKEN_PREFIX = "mps_";
export const PARTICIPANT_COOKIE = "marginalia-participant";
/** A lesson is 45 minutes; a token outlives a school day and no more. */
export const PARTICIPANT_TOKEN_TTL_MS = 18 * 60 * 60_000;

export type ParticipantClaims = { sessionId: string; participantId: string; exp: number };

type Payload = { sid: string; pid: string; exp: number };

function sign(payload: string, secret: string): string {
  return createHmac("sha256", `participant:${secret}`).update(payload).digest("base64url");
}

export function issueParticipantToken(participant: { sessionId: string; participantId: string }, secret: string, now = Date.now()): string {
  const body: Payload = { sid: participant.sessionId, pid: participant.participantId, exp: now + PARTICIPANT_TOKEN_TTL_MS };
  const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
  return `${PARTICIPANT_TOKEN_PREFIX}${payload}.${sign(payload, secret)}`;
}

/** The claims of a well-signed, unexpired token, or null. Whether the participant still exists is the caller's to read. */
export function verifyParticipantToken(token: string, secret: string, now = Date.now()): ParticipantClaims | null {
  if (!token.startsWith(PARTICIPANT_TOKEN_PREFIX) || token.length > 500) return null;
  const [payload = "", signature = ""] = token.slice(PARTICIPANT_TOKEN_PREFIX.length).split(".");
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<Payload>;
    if (typeof claims.sid !== "string" || typeof claims.pid !== "string" || typeof claims.exp !== "number" || claims.exp <= now) return null;
    return { sessionId: claims.sid, participantId: claims.pid, exp: claims.exp };
  } catch {
    return null;
  }
}
