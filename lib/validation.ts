import type { z } from "zod";
import { AppError } from "./errors.ts";

/**
 * Validates input at a domain boundary. The first problem becomes a BAD_REQUEST naming the
 * field, which the API returns as 400 and forms show next to the field.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || undefined;
  throw new AppError("BAD_REQUEST", issue ? (field ? `${field}: ${issue.message}` : issue.message) : "Invalid input.", field);
}
