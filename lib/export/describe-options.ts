import type { ExportOptions } from "./export-model.ts";

/** The options in a sentence, for the provenance of a copy: a reader should know what was left out. */
export function describeOptions(options: ExportOptions): string {
  const parts = [
    options.tags === null ? "all tags" : `tags ${options.tags.join(", ")}`,
    options.labels === null ? "all sub-labels" : `sub-labels ${options.labels.join(", ")}`,
    options.authors === null ? "all authors" : `${options.authors.length} selected ${options.authors.length === 1 ? "author" : "authors"}`,
    options.comments ? "comments" : "no comments",
    options.resolved ? "resolved threads" : "no resolved threads",
  ];
  if (options.anonymize) parts.push("authors anonymised");
  return parts.join("; ");
}
