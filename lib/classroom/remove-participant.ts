import type { PrismaClient } from "@/lib/db/database.ts";
import { notFound } from "@/lib/errors.ts";
import type { AccessEvents } from "@/lib/realtime/access-event.ts";
import { resolveSessionTeacher, type SessionCredentials } from "./session-caller.ts";

/**
 * Removes a student from a session: their token stops working at once (every use reads the row)
 * and their open connections are closed. Their entries leave the views, results and exports; the
 * row stays (with its number), so a later join never reuses "Reader 7" for someone else.
 */
export async function removeParticipant(
  prisma: PrismaClient,
  services: { authSecret: string; realtime: AccessEvents },
  credentials: SessionCredentials,
  input: { sessionId: string; participantId: string },
): Promise<{ id: string; removed: true }> {
  const { session } = await resolveSessionTeacher(prisma, services.authSecret, input.sessionId, credentials);
  const participant = await prisma.sessionParticipant.findFirst({ where: { id: input.participantId, sessionId: session.id }, select: { id: true } });
  if (!participant) throw notFound("Participant");
  await prisma.sessionParticipant.updateMany({ where: { id: participant.id, removedAt: null }, data: { removedAt: new Date() } });
  services.realtime.accessChanged({ type: "classSession", sessionId: session.id });
  return { id: participant.id, removed: true };
}
