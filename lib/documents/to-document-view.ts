import type { Document } from "@/lib/generated/prisma/client.ts";
import { bodySchema, type DocumentView } from "./schema.ts";

export function toDocumentView(row: Document): DocumentView {
  return {
    id: row.id,
    slug: row.slug,
    workspaceId: row.workspaceId,
    title: row.title,
    source: row.source,
    author: row.author,
    publishedAt: row.publishedAt,
    language: row.language,
    blocks: bodySchema.parse(row.body),
    contentHash: row.contentHash,
    previousVersionId: row.previousVersionId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
