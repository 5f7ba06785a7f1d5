import type { PrismaClient } from "@/lib/db/database.ts";
import type { CommentRecord, AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { readRoomRecords, type SessionRealtime } from "./session-room-records.ts";
import { sessionRoomName } from "./session-rooms.ts";
import { pseudonym } from "./session-view.ts";

const DAY_MS = 24 * 60 * 60_000;

/**
 * The retention rule (CLASSROOM_RETENTION_DAYS): a session older than that many days loses its
 * participants' names. They are erased from the participant rows and from the highlights and
 * notes in each student's room (which carry the name as written when joining), replaced by
 * "Reader <number>"; the session is ended if it was not. Sessions already purged are skipped,
 * so running it daily, at every start and from the CLI is safe.
 */
export async function purgeExpiredSessions(
  prisma: PrismaClient,
  realtime: Pick<SessionRealtime, "state" | "change" | "accessChanged">,
  options: { retentionDays: number; now?: Date },
): Promise<{ sessions: number; participants: number }> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS);
  const expired = await prisma.classSession.findMany({ where: { createdAt: { lt: cutoff }, purgedAt: null }, select: { id: true, documentId: true } });
  let participants = 0;
  for (const session of expired) {
    const rows = await prisma.sessionParticipant.findMany({ where: { sessionId: session.id }, select: { id: true, number: true } });
    for (const row of rows) {
      const room = sessionRoomName(session.documentId, session.id, { kind: "participant", participantId: row.id });
      const records = await readRoomRecords(realtime, room);
      const name = pseudonym(row.number);
      const annotations: AnnotationRecord[] = records.annotations.filter((entry) => entry.authorName !== name).map((entry) => ({ ...entry, authorName: name }));
      const comments: CommentRecord[] = records.comments.filter((entry) => entry.authorName !== name).map((entry) => ({ ...entry, authorName: name }));
      if (annotations.length > 0 || comments.length > 0) await realtime.change(room, { annotations, comments });
    }
    await prisma.$transaction([
      prisma.sessionParticipant.updateMany({ where: { sessionId: session.id }, data: { name: null } }),
      prisma.classSession.update({ where: { id: session.id }, data: { purgedAt: now } }),
      prisma.classSession.updateMany({ where: { id: session.id, endedAt: null }, data: { endedAt: now } }),
    ]);
    realtime.accessChanged({ type: "classSession", sessionId: session.id });
    participants += rows.length;
  }
  return { sessions: expired.length, participants };
}
