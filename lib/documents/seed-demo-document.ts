import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PrismaClient } from "@/lib/db/database.ts";
import { contentHash } from "./canonical-text.ts";
import { DEMO_SLUG } from "./constants.ts";
import { parsePlainTextArticle } from "./parse-plain-text-article.ts";

export function demoArticlePath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/seed/demo-article.txt");
}

/**
 * Creates the public demo document (the Kidal article) unless it exists. Runs at every start,
 * so it must never duplicate or overwrite: an existing demo row is left exactly as it is.
 */
export async function seedDemoDocument(prisma: PrismaClient): Promise<{ id: string; created: boolean }> {
  const existing = await prisma.document.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };

  const article = parsePlainTextArticle(fs.readFileSync(demoArticlePath(), "utf8"));
  const data = {
    slug: DEMO_SLUG,
    title: article.title,
    source: article.source ?? "Unknown source",
    language: "en",
    body: article.blocks,
    contentHash: contentHash(article.title, article.blocks),
  };
  // upsert, not create: a second process seeding at the same moment must not fail on the slug.
  const row = await prisma.document.upsert({ where: { slug: DEMO_SLUG }, create: data, update: {} });
  return { id: row.id, created: true };
}
