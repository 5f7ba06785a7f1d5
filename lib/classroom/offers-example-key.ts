import type { PrismaClient } from "@/lib/db/database.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";

/**
 * Whether the demo's example answer key fits this document: only a copy of the demo article
 * (same text, so the key's offsets land on the same words). The same test create-session.ts
 * applies before writing the key; this one decides whether the start dialog offers it.
 */
export async function offersExampleKey(prisma: PrismaClient, document: { contentHash: string; workspaceId: string | null }): Promise<boolean> {
  if (document.workspaceId === null) return false;
  const demo = await prisma.document.findUnique({ where: { slug: DEMO_SLUG }, select: { contentHash: true } });
  return demo !== null && demo.contentHash === document.contentHash;
}
