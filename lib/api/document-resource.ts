import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import type { DocumentView } from "@/lib/documents/schema.ts";

/** A document as REST v1 returns it. `text` is the canonical body text annotations anchor into. */
export function documentResource(document: DocumentView, url: string) {
  return {
    id: document.id,
    url,
    workspaceId: document.workspaceId,
    title: document.title,
    source: document.source,
    author: document.author,
    publishedAt: document.publishedAt?.toISOString() ?? null,
    language: document.language,
    text: canonicalBodyText(document.blocks),
    blocks: document.blocks,
    contentHash: document.contentHash,
    previousVersionId: document.previousVersionId,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}
