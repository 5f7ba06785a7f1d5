import type { PrismaClient } from "@/lib/db/database.ts";
import type { Document } from "@/lib/generated/prisma/client.ts";
import { bodySchema, type DocumentView } from "./schema.ts";

function toView(row: Document): DocumentView {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    source: row.source,
    author: row.author,
    publishedAt: row.publishedAt,
    language: row.language,
    blocks: bodySchema.parse(row.body),
    contentHash: row.contentHash,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Documents are looked up by id or by public slug; unknown ones are null, never an error. */
export async function getDocument(
  prisma: PrismaClient,
  where: { id: string } | { slug: string },
): Promise<DocumentView | null> {
  const row = await prisma.document.findUnique({ where });
  return row ? toView(row) : null;
}
