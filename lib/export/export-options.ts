import { z } from "zod";
import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { parseInput } from "@/lib/validation.ts";
import { LABEL_ID_PATTERN } from "@/lib/vocabulary/label-id.ts";
import type { ExportOptions } from "./export-model.ts";

export const EXPORT_FORMATS = ["html", "pdf", "docx", "md", "jsonld", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Same shape as user ids and the opaque ids of pseudonymised exports. */
const USER_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** A query string is not a bulk channel: more ids than this is a mistake, not a filter. */
const MAX_LIST = 200;

const list = <T extends string>(name: string, item: z.ZodType<T>, what: string) =>
  z
    .string()
    .optional()
    .transform((value, context): T[] | null => {
      if (value === undefined || value.trim() === "") return null;
      const items = [...new Set(value.split(",").map((part) => part.trim()).filter((part) => part !== ""))];
      if (items.length > MAX_LIST) {
        context.addIssue({ code: "custom", message: `${name}: give at most ${MAX_LIST} values.` });
        return z.NEVER;
      }
      for (const entry of items) {
        if (!item.safeParse(entry).success) {
          context.addIssue({ code: "custom", message: `${name}: “${entry.slice(0, 40)}” is not ${what}.` });
          return z.NEVER;
        }
      }
      return items as T[];
    });

const flag = (name: string, fallback: boolean) =>
  z
    .enum(["0", "1", "true", "false"], { error: `${name}: use 1 or 0.` })
    .optional()
    .transform((value) => (value === undefined ? fallback : value === "1" || value === "true"));

const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `format: use one of ${EXPORT_FORMATS.join(", ")}.` }).default("html"),
  tags: list("tags", z.enum(TAGS), `a tag (${TAGS.join(", ")})`),
  labels: list("labels", z.string().regex(LABEL_ID_PATTERN), "a sub-label id"),
  authors: list("authors", z.string().regex(USER_ID), "a user id"),
  comments: flag("comments", true),
  resolved: flag("resolved", true),
  anonymize: flag("anonymize", false),
  disposition: z.enum(["attachment", "inline"], { error: "disposition: use attachment or inline." }).default("attachment"),
});

export type ExportRequest = { format: ExportFormat; disposition: "attachment" | "inline"; options: ExportOptions };

/**
 * The export's query parameters, e.g. `?format=md&tags=propaganda&comments=0&anonymize=1`.
 * A parameter given twice counts once (the first), and a bad one is a 400 naming it.
 */
export function parseExportOptions(query: URLSearchParams): ExportRequest {
  const raw: Record<string, string> = {};
  for (const key of exportQuerySchema.keyof().options) {
    const value = query.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = parseInput(exportQuerySchema, raw);
  return {
    format: parsed.format,
    disposition: parsed.disposition,
    options: {
      tags: parsed.tags as Tag[] | null,
      labels: parsed.labels,
      authors: parsed.authors,
      comments: parsed.comments,
      resolved: parsed.resolved,
      anonymize: parsed.anonymize,
    },
  };
}
