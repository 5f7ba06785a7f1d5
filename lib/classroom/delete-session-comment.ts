import type { PrismaClient } from "@/lib/db/database.ts";
import { notFound } from "@/lib/errors.ts";
import { resolveSessionTeacher, type SessionCredentials } from "./session-caller.ts";
import type { SessionRealtime } from "./session-room-records.ts";
import { participantSources } from "./session-sources.ts";
import { viewEntryId } from "./session-view.ts";

/**
 * Teacher moderation: deletes a student's comment, named by its id in the class view (the id
 * the dashboard shows). The comment is found in the student's own room and deleted there, as
 * the student would (body emptied, entry kept so replies keep their place); the views follow.
 */
export async function deleteSessionComment(
  prisma: PrismaClient,
  services: { authSecret: string; realtime: Pick<SessionRealtime, "state" | "change"> },
  credentials: SessionCredentials,
  input: { sessionId: string; commentId: string },
): Promise<{ id: string; deleted: true }> {
  const { session } = await resolveSessionTeacher(prisma, services.authSecret, input.sessionId, credentials);
  for (const source of await participantSources(prisma, services.realtime, session)) {
    const comment = source.records.comments.find((entry) => viewEntryId(source.room, entry.id) === input.commentId);
    if (!comment) continue;
    if (!comment.deleted) {
      await services.realtime.change(source.room, { comments: [{ ...comment, body: "", deleted: true, updatedAt: Math.max(Date.now(), comment.updatedAt) }] });
    }
    return { id: input.commentId, deleted: true };
  }
  throw notFound("Comment");
}
