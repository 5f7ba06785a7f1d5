import { AppError } from "@/lib/errors.ts";
import type { ParsedImport } from "./import-item.ts";
import { parseHypothesisImport } from "./parse-hypothesis-import.ts";
import { parseW3CImport } from "./parse-w3c-import.ts";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * An uploaded annotation file, whichever format it is in: Hypothesis files are recognised by
 * their `rows` (API search) or `export_date` + `annotations` (client export); anything else
 * must be W3C Web Annotation JSON-LD. Throws BAD_REQUEST naming what is wrong.
 */
export function parseImportFile(value: unknown): ParsedImport {
  if (isObject(value) && ("rows" in value || ("export_date" in value && "annotations" in value))) return parseHypothesisImport(value);
  if (isObject(value) || Array.isArray(value)) return parseW3CImport(value);
  throw new AppError("BAD_REQUEST", "The file must be a JSON object or list: W3C Web Annotations or a Hypothesis export.");
}
