import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import type { ClassSession, SessionParticipant } from "@/lib/generated/prisma/client.ts";
import { can } from "@/lib/workspaces/policy.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { verifyParticipantToken } from "./participant-token.ts";
import type { SessionCaller } from "./room-access.ts";

/**
 * What a request to a session's endpoints carried, before anyone looked at the database: a
 * participant token (Bearer `mps_...` or the participant cookie) and/or a signed-in account
 * (browser session or personal API token).
 */
export type SessionCredentials = {
  participantToken: string | null;
  /** True when the participant token came as `Authorization: Bearer`: then it alone speaks. */
  participantTokenExplicit: boolean;
  actor: Actor | null;
};

export type ResolvedSessionCaller =
  | { caller: Extract<SessionCaller, { kind: "teacher" }>; session: ClassSession; participant: null }
  | { caller: Extract<SessionCaller, { kind: "participant" }>; session: ClassSession; participant: SessionParticipant };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The session if the actor may run it (editor or owner of its workspace), else null. */
async function asTeacher(prisma: PrismaClient, actor: Actor, session: ClassSession): Promise<boolean> {
  const membership = await prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: session.workspaceId, userId: actor.userId } },
    select: { role: true },
  });
  return membership !== null && can(membership.role, "session.run");
}

async function asParticipant(prisma: PrismaClient, token: string, secret: string, session: ClassSession): Promise<SessionParticipant | null> {
  const claims = verifyParticipantToken(token, secret);
  if (!claims || claims.sessionId !== session.id) return null;
  return prisma.sessionParticipant.findFirst({ where: { id: claims.participantId, sessionId: session.id, removedAt: null } });
}

/**
 * Who is calling a session's endpoint, read from the database on every request (a removed
 * student or a demoted teacher is refused at once). A token sent as Bearer decides alone; from
 * a browser, a signed-in teacher of the session is the teacher even when a participant cookie of
 * theirs is also present (trying the student page in the same browser). Anyone else is told the
 * session does not exist, and someone with no credentials at all that they must identify.
 */
export async function resolveSessionCaller(
  prisma: PrismaClient,
  secret: string,
  sessionId: string,
  credentials: SessionCredentials,
): Promise<ResolvedSessionCaller> {
  const session = UUID.test(sessionId) ? await prisma.classSession.findUnique({ where: { id: sessionId } }) : null;
  if (session) {
    if (credentials.actor && !credentials.participantTokenExplicit && (await asTeacher(prisma, credentials.actor, session))) {
      return { caller: { kind: "teacher", userId: credentials.actor.userId }, session, participant: null };
    }
    if (credentials.participantToken) {
      const participant = await asParticipant(prisma, credentials.participantToken, secret, session);
      if (participant) return { caller: { kind: "participant", participantId: participant.id, group: participant.group }, session, participant };
    }
  }
  if (!credentials.actor && !credentials.participantToken) {
    throw new AppError("UNAUTHORIZED", "Join the session with its code, or sign in as a teacher of its workspace.");
  }
  throw notFound("Session");
}

/** As resolveSessionCaller, for what only the session's teachers may do; students get "not found" too. */
export async function resolveSessionTeacher(
  prisma: PrismaClient,
  secret: string,
  sessionId: string,
  credentials: SessionCredentials,
): Promise<{ userId: string; session: ClassSession }> {
  const resolved = await resolveSessionCaller(prisma, secret, sessionId, credentials);
  if (resolved.caller.kind !== "teacher") throw notFound("Session");
  return { userId: resolved.caller.userId, session: resolved.session };
}
