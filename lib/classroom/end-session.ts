import type { PrismaClient } from "@/lib/db/database.ts";
import { parseInput } from "@/lib/validation.ts";
import { deleteSessionRooms } from "./delete-session-rooms.ts";
import { resolveSessionTeacher, type SessionCredentials } from "./session-caller.ts";
import type { SessionRealtime } from "./session-room-records.ts";
import { endSessionSchema } from "./session-schema.ts";
import { sessionState, type SessionState } from "./session-state.ts";

/**
 * Ends a session: students can no longer join or write, their tokens open only what an ended
 * session shows. With `deleteData`, also erases every participant's name and deletes every room
 * of the session (highlights, notes, the key), the "delete all of it" a teacher promises a class.
 * Ending twice is fine; asking for deletion the second time still deletes.
 */
export async function endSession(
  prisma: PrismaClient,
  services: { authSecret: string; realtime: Pick<SessionRealtime, "accessChanged" | "forgetSession"> },
  credentials: SessionCredentials,
  input: { sessionId: string; options: unknown },
): Promise<{ state: SessionState; deleted: boolean }> {
  const options = parseInput(endSessionSchema, input.options ?? {});
  const { session } = await resolveSessionTeacher(prisma, services.authSecret, input.sessionId, credentials);
  const now = new Date();
  await prisma.classSession.updateMany({ where: { id: session.id, endedAt: null }, data: { endedAt: now } });
  if (options.deleteData) {
    await prisma.$transaction([
      prisma.sessionParticipant.updateMany({ where: { sessionId: session.id }, data: { name: null } }),
      prisma.classSession.update({ where: { id: session.id }, data: { purgedAt: session.purgedAt ?? now } }),
    ]);
  }
  // Connections are re-checked (and closed where the end takes access away) before the rooms go.
  services.realtime.accessChanged({ type: "classSession", sessionId: session.id });
  if (options.deleteData) await deleteSessionRooms(prisma, services.realtime, session);
  const updated = await prisma.classSession.findUniqueOrThrow({ where: { id: session.id } });
  return { state: sessionState(updated), deleted: options.deleteData };
}
