import { DEFAULT_EXPORT_OPTIONS, type ExportOptions } from "./export-model.ts";
import type { ExportFormat } from "./export-options.ts";

/**
 * The export route's URL for these choices, with only the parameters that differ from the
 * defaults, so a plain download link stays short and readable (`?format=md&comments=0`).
 */
export function exportUrl(documentId: string, choice: { format: ExportFormat; options: ExportOptions; disposition?: "inline" }): string {
  const query = new URLSearchParams({ format: choice.format });
  const { options } = choice;
  if (options.tags !== null) query.set("tags", options.tags.join(","));
  if (options.labels !== null) query.set("labels", options.labels.join(","));
  if (options.authors !== null) query.set("authors", options.authors.join(","));
  if (options.comments !== DEFAULT_EXPORT_OPTIONS.comments) query.set("comments", options.comments ? "1" : "0");
  if (options.resolved !== DEFAULT_EXPORT_OPTIONS.resolved) query.set("resolved", options.resolved ? "1" : "0");
  if (options.anonymize !== DEFAULT_EXPORT_OPTIONS.anonymize) query.set("anonymize", options.anonymize ? "1" : "0");
  if (choice.disposition) query.set("disposition", choice.disposition);
  return `/api/v1/documents/${encodeURIComponent(documentId)}/export?${query.toString().replace(/%2C/g, ",")}`;
}
