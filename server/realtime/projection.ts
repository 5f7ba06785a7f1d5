import type { PrismaClient } from "@/lib/db/database.ts";
import type { Logger } from "@/lib/logger.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import type { Room } from "./room-manager.ts";

export type Projection = {
  /** Brings the room's rows up to date soon (changes within `delayMs` share one rebuild). */
  schedule(room: Room): void;
  /** Brings the room's rows up to date now, waiting for a rebuild already under way. */
  sync(room: Room): Promise<void>;
  flushAll(): Promise<void>;
};

/**
 * Keeps the annotations and annotation_comments tables in step with each room's Y document,
 * which stays the source of truth: a rebuild replaces a document's rows with what the
 * document holds, so the tables can always be rebuilt from the stored Yjs state.
 */
export function createProjection(prisma: PrismaClient, logger: Logger, delayMs = 250): Projection {
  const timers = new Map<string, { timer: NodeJS.Timeout; room: Room }>();
  const running = new Map<string, Promise<void>>();

  async function rebuild(room: Room): Promise<void> {
    const annotations = readAnnotations(room.doc);
    const known = new Set(annotations.map((annotation) => annotation.id));
    const comments = readComments(room.doc).filter((comment) => known.has(comment.annotationId));
    await prisma.$transaction(async (tx) => {
      await tx.annotation.deleteMany({ where: { documentId: room.documentId } });
      if (annotations.length > 0) {
        await tx.annotation.createMany({
          data: annotations.map((annotation) => ({
            id: annotation.id,
            documentId: room.documentId,
            start: annotation.start,
            end: annotation.end,
            exact: annotation.exact,
            prefix: annotation.prefix,
            suffix: annotation.suffix,
            tag: annotation.tag,
            technique: annotation.technique,
            authorId: annotation.authorId,
            authorName: annotation.authorName,
            resolved: annotation.resolved,
            resolvedBy: annotation.resolvedBy,
            resolvedAt: annotation.resolvedAt === null ? null : new Date(annotation.resolvedAt),
            createdAt: new Date(annotation.createdAt),
            updatedAt: new Date(annotation.updatedAt),
          })),
        });
      }
      if (comments.length > 0) {
        await tx.annotationComment.createMany({
          data: comments.map((comment) => ({
            id: comment.id,
            annotationId: comment.annotationId,
            parentId: comment.parentId,
            authorId: comment.authorId,
            authorName: comment.authorName,
            body: comment.body,
            deleted: comment.deleted,
            createdAt: new Date(comment.createdAt),
            updatedAt: new Date(comment.updatedAt),
          })),
        });
      }
    });
  }

  function sync(room: Room): Promise<void> {
    const pending = timers.get(room.name);
    if (pending) {
      clearTimeout(pending.timer);
      timers.delete(room.name);
    }
    const previous = running.get(room.name) ?? Promise.resolve();
    const next = previous
      .then(() => rebuild(room))
      .catch((error: unknown) => logger.error({ err: error, room: room.name }, "could not update the annotation projection"))
      .finally(() => {
        if (running.get(room.name) === next) running.delete(room.name);
      });
    running.set(room.name, next);
    return next;
  }

  return {
    schedule(room) {
      if (timers.has(room.name)) return;
      timers.set(room.name, { room, timer: setTimeout(() => void sync(room), delayMs) });
    },
    sync,
    async flushAll() {
      await Promise.all([...timers.values()].map(({ room }) => sync(room)));
      await Promise.all(running.values());
    },
  };
}
