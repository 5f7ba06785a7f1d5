import type { PrismaClient } from "@/lib/db/database.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { extractMentionIds, mentionTarget } from "./comment-markup.ts";

/** A comment that mentions the reader, with where it is: the article and the highlight's quote. */
export type Mention = {
  commentId: string;
  authorName: string;
  /** The comment as written (markup and mentions included). */
  body: string;
  createdAt: Date;
  annotationId: string;
  quote: string;
  documentId: string;
  documentTitle: string;
};

/** The most a list shows: the newest mentions are the ones that need an answer. */
export const MENTIONS_LIMIT = 100;

/**
 * The comments of a workspace that @mention the actor, newest first: others' comments, not
 * deleted, in the newest version of each article (a highlight carried to a new version keeps its
 * thread, which would otherwise be listed once per version). Read from the projection of the
 * realtime rooms, which follows a room within moments of each change.
 */
export async function listMentions(prisma: PrismaClient, actor: Actor, input: { workspaceId: string }): Promise<Mention[]> {
  await requireAccess(prisma, actor, input.workspaceId, "workspace.read");
  const needle = `]${mentionTarget(actor.userId)}`;
  const rows = await prisma.annotationComment.findMany({
    where: {
      deleted: false,
      authorId: { not: actor.userId },
      body: { contains: needle },
      annotation: { document: { workspaceId: input.workspaceId, nextVersion: { is: null } } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: MENTIONS_LIMIT,
    select: {
      id: true,
      body: true,
      authorName: true,
      createdAt: true,
      annotation: { select: { id: true, exact: true, document: { select: { id: true, title: true } } } },
    },
  });
  // The text search is a prefilter: only a real mention (not that text inside code, say) counts.
  return rows
    .filter((row) => extractMentionIds(row.body).includes(actor.userId))
    .map((row) => ({
      commentId: row.id,
      authorName: row.authorName,
      body: row.body,
      createdAt: row.createdAt,
      annotationId: row.annotation.id,
      quote: row.annotation.exact,
      documentId: row.annotation.document.id,
      documentTitle: row.annotation.document.title,
    }));
}
