import { z } from "zod";

/** One block of an article body. Headings are the article's own subheads, not its title. */
export const blockSchema = z.object({
  type: z.enum(["paragraph", "heading"]),
  text: z.string().min(1),
});

export const bodySchema = z.array(blockSchema).min(1);

export type Block = z.infer<typeof blockSchema>;

/** A document as the reading view and the API see it. */
export type DocumentView = {
  id: string;
  slug: string | null;
  /** null only for the public demo article. */
  workspaceId: string | null;
  title: string;
  source: string;
  author: string | null;
  publishedAt: Date | null;
  language: string;
  blocks: Block[];
  contentHash: string;
  previousVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
};
