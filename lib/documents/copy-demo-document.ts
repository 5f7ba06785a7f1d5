import type { PrismaClient } from "@/lib/db/database.ts";
import { DEMO_SLUG } from "./constants.ts";

/**
 * Puts a private copy of the demo article into a workspace, so a newcomer has something to
 * annotate the moment they sign up. Does nothing if the demo is missing (it is seeded at startup).
 */
export async function copyDemoDocument(prisma: Pick<PrismaClient, "document">, workspaceId: string, userId: string): Promise<void> {
  const demo = await prisma.document.findUnique({ where: { slug: DEMO_SLUG } });
  if (!demo) return;
  await prisma.document.create({
    data: {
      workspaceId,
      createdById: userId,
      title: demo.title,
      source: demo.source,
      author: demo.author,
      publishedAt: demo.publishedAt,
      language: demo.language,
      body: demo.body ?? [],
      contentHash: demo.contentHash,
    },
  });
}
