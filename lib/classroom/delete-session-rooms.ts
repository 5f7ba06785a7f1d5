import type { PrismaClient } from "@/lib/db/database.ts";
import type { SessionRealtime } from "./session-room-records.ts";
import { sessionRoomPrefix } from "./session-rooms.ts";

/**
 * Deletes everything stored of a session's rooms: the students' highlights and notes, the key
 * and the views (update log, snapshots, projection bookkeeping). Open rooms are dropped from the
 * realtime server first (`forgetSession`), so nothing in memory writes them back.
 */
export async function deleteSessionRooms(
  prisma: PrismaClient,
  realtime: Pick<SessionRealtime, "forgetSession">,
  session: { id: string; documentId: string },
): Promise<void> {
  const prefix = sessionRoomPrefix(session.documentId, session.id);
  await realtime.forgetSession(session.documentId, session.id);
  // The realtime server deleted what it stored; this also covers rows another process wrote
  // after it looked (a late flush), and costs nothing when there are none.
  await prisma.$transaction([
    prisma.$executeRaw`DELETE FROM realtime_updates WHERE starts_with(room, ${prefix})`,
    prisma.$executeRaw`DELETE FROM realtime_snapshots WHERE starts_with(room, ${prefix})`,
    prisma.$executeRaw`DELETE FROM projection_states WHERE starts_with(room, ${prefix})`,
  ]);
}
