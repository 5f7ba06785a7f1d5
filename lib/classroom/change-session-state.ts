import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError } from "@/lib/errors.ts";
import type { AccessEvents } from "@/lib/realtime/access-event.ts";
import { resolveSessionTeacher, type SessionCredentials } from "./session-caller.ts";
import { sessionState, type SessionState } from "./session-state.ts";

type Services = { authSecret: string; realtime: AccessEvents };

/**
 * The teacher's live controls. Each is idempotent (revealing twice is one reveal), refuses what
 * makes no sense (unlocking an ended session), and after the change is committed announces it
 * so the realtime server re-checks the session's connections and redraws the students' views.
 */
async function control(
  prisma: PrismaClient,
  services: Services,
  credentials: SessionCredentials,
  sessionId: string,
  apply: (session: { id: string; endedAt: Date | null; purgedAt: Date | null }, now: Date) => Promise<unknown>,
): Promise<{ state: SessionState }> {
  const { session } = await resolveSessionTeacher(prisma, services.authSecret, sessionId, credentials);
  await apply(session, new Date());
  services.realtime.accessChanged({ type: "classSession", sessionId: session.id });
  const updated = await prisma.classSession.findUniqueOrThrow({ where: { id: session.id } });
  return { state: sessionState(updated) };
}

/** Shows every student their classmates' highlights (of their group) and the answer key. */
export function revealSession(prisma: PrismaClient, services: Services, credentials: SessionCredentials, sessionId: string) {
  return control(prisma, services, credentials, sessionId, async (session, now) => {
    if (session.purgedAt !== null) throw new AppError("CONFLICT", "This session's data was deleted: there is nothing to reveal.");
    await prisma.classSession.updateMany({ where: { id: session.id, revealedAt: null }, data: { revealedAt: now } });
  });
}

/** Makes the students' rooms read-only until unlocked (the teacher's key stays writable). */
export function lockSession(prisma: PrismaClient, services: Services, credentials: SessionCredentials, sessionId: string) {
  return control(prisma, services, credentials, sessionId, async (session, now) => {
    if (session.endedAt !== null) return;
    await prisma.classSession.updateMany({ where: { id: session.id, lockedAt: null }, data: { lockedAt: now } });
  });
}

export function unlockSession(prisma: PrismaClient, services: Services, credentials: SessionCredentials, sessionId: string) {
  return control(prisma, services, credentials, sessionId, async (session) => {
    if (session.endedAt !== null) throw new AppError("CONFLICT", "This session has ended: it cannot be unlocked. Start a new session to continue.");
    await prisma.classSession.updateMany({ where: { id: session.id, endedAt: null }, data: { lockedAt: null } });
  });
}
