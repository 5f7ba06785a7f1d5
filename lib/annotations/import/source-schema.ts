import { z } from "zod";
import { AppError } from "@/lib/errors.ts";
import { MAX_COMMENT_LENGTH } from "@/lib/realtime/doc-schema.ts";
import { MAX_IMPORT_FIELD_LENGTH } from "./import-item.ts";

/*
 * zod pieces shared by the import parsers. Foreign files carry many fields we do not read, so
 * objects are loose; what we do read is typed and capped, and a file that breaks a rule is
 * refused as a whole, naming the entry and field.
 */

export const field = z.string().max(MAX_IMPORT_FIELD_LENGTH, { error: `must be at most ${MAX_IMPORT_FIELD_LENGTH} characters` });

/** A quote or its context: generous, because an over-long quote is reported per item, not refused. */
export const quoteText = z.string().max(100_000, { error: "must be at most 100,000 characters" });

export const commentText = z.string().max(MAX_COMMENT_LENGTH, { error: `must be at most ${MAX_COMMENT_LENGTH} characters` });

export const offset = z.int({ error: "must be a whole number ≥ 0" }).min(0, { error: "must be a whole number ≥ 0" });

/** JSON-LD lets any property hold one value or a list. */
export function oneOrMany<Item extends z.ZodType>(item: Item) {
  return z.union([item, z.array(item)]).transform((value): z.output<Item>[] => (Array.isArray(value) ? value : [value]));
}

/** The selectors both formats use (Hypothesis follows the W3C selector model). */
export const selectorSchema = z.looseObject({
  type: field,
  exact: quoteText.optional(),
  prefix: quoteText.optional(),
  suffix: quoteText.optional(),
  start: offset.optional(),
  end: offset.optional(),
});

export type SourceSelector = z.output<typeof selectorSchema>;

/** The quote and position a target's selectors give; null without a TextQuoteSelector. */
export function quoteFromSelectors(selectors: readonly SourceSelector[]) {
  const quote = selectors.find((selector) => selector.type === "TextQuoteSelector" && selector.exact);
  if (!quote?.exact) return null;
  const position = selectors.find((selector) => selector.type === "TextPositionSelector" && selector.start !== undefined && selector.end !== undefined);
  return { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: position?.start, end: position?.end };
}

/** Milliseconds since 1970 from an ISO date; null when absent or unreadable (times are attribution, not identity). */
export function timeOf(value: string | undefined | null): number | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) || time < 0 ? null : time;
}

/** `schema.parse`, refusing the file with the entry and field named ("items[3].target: …"). */
export function parseSource<Schema extends z.ZodType>(schema: Schema, value: unknown, where: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [where, ...(issue?.path ?? []).map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`))].join("").replace(/^\./, "");
  throw new AppError("BAD_REQUEST", `The file is not valid: ${path}: ${issue?.message ?? "not readable"}.`);
}
