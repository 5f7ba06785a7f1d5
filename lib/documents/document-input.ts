import { z } from "zod";
import { blockSchema } from "./schema.ts";

/** 200 KB of UTF-8 text: far beyond any news article, small enough to keep pages fast. */
export const MAX_TEXT_BYTES = 200_000;

const byteLength = (text: string) => new TextEncoder().encode(text).length;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max} characters for the ${label}.` })
    .nullish()
    .transform((value) => (value ? value : null));

/** What a person or a script supplies to create a document: the body as text or as blocks. */
export const documentInputSchema = z
  .object({
    title: z
      .string({ error: "Give the article a title." })
      .trim()
      .min(1, { error: "Give the article a title." })
      .max(300, { error: "Use at most 300 characters for the title." }),
    text: z
      .string()
      .refine((text) => byteLength(text) <= MAX_TEXT_BYTES, {
        error: `The text is longer than ${MAX_TEXT_BYTES / 1000} KB. Import a single article, not a collection.`,
      })
      .optional(),
    blocks: z.array(blockSchema).max(5_000).optional(),
    source: optionalText(200, "source"),
    author: optionalText(200, "author"),
    publishedAt: z.coerce
      .date({ error: "Give the date as YYYY-MM-DD or an ISO 8601 date-time." })
      .nullish()
      .transform((value) => value ?? null),
    language: z
      .string()
      .trim()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { error: "Use a language tag like en or fr-CA." })
      .optional(),
    importedFrom: z.url({ protocol: /^https?$/ }).nullish(),
  })
  .refine((input) => input.text !== undefined || input.blocks !== undefined, {
    error: "Give the article's text.",
    path: ["text"],
  });

export type DocumentInput = z.input<typeof documentInputSchema>;
