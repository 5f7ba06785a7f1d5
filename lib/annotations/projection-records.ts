import type { PrismaClient } from "@/lib/db/database.ts";
import type { AnnotationRecord, CommentRecord, Tag } from "@/lib/realtime/doc-schema.ts";

/** A document's annotations and comments as the projection holds them, in realtime-record form. */
export async function projectionRecords(prisma: PrismaClient, documentId: string): Promise<{ annotations: AnnotationRecord[]; comments: CommentRecord[] }> {
  const rows = await prisma.annotation.findMany({ where: { documentId }, include: { comments: true }, orderBy: [{ start: "asc" }, { createdAt: "asc" }] });
  return {
    annotations: rows.map((row) => ({
      id: row.id,
      start: row.start,
      end: row.end,
      exact: row.exact,
      prefix: row.prefix,
      suffix: row.suffix,
      tag: row.tag as Tag,
      technique: row.technique,
      authorId: row.authorId,
      authorName: row.authorName,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
      resolved: row.resolved,
      resolvedBy: row.resolvedBy,
      resolvedAt: row.resolvedAt?.getTime() ?? null,
    })),
    comments: rows.flatMap((row) =>
      row.comments.map((comment) => ({
        id: comment.id,
        annotationId: comment.annotationId,
        parentId: comment.parentId,
        authorId: comment.authorId,
        authorName: comment.authorName,
        body: comment.body,
        deleted: comment.deleted,
        createdAt: comment.createdAt.getTime(),
        updatedAt: comment.updatedAt.getTime(),
      })),
    ),
  };
}
