import type { z } from "zod";
import { AppError } from "./errors.ts";

/**
 * Validates a domain function's input. Callers pass data straight from forms and API bodies,
 * so a failure becomes a BAD_REQUEST naming the offending field (the first problem only: a
 * form shows one message per field anyway), never a raw zod error.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new AppError("BAD_REQUEST", "The request is not valid.");
  const field = issue.path.map(String).join(".");
  throw new AppError("BAD_REQUEST", issue.message, field === "" ? undefined : field);
}
