import type { ExportModel, ExportOptions } from "./export-model.ts";
import { formatExportTime } from "./format-export-time.ts";

export type ProvenanceFact = { label: string; value: string };

function describeOptions(options: ExportOptions): string {
  const parts = [
    options.tags ? `tags: ${options.tags.join(", ") || "none"}` : "all tags",
    options.labels ? `sub-labels: ${options.labels.join(", ") || "none"}` : "all sub-labels",
    options.authors ? `${options.authors.length} selected author(s)` : "all authors",
    options.comments ? "with comments" : "without comments",
    options.resolved ? "with resolved threads" : "without resolved threads",
  ];
  if (options.anonymize) parts.push("authors anonymised");
  return parts.join("; ");
}

/**
 * Where a copy comes from, as label/value lines the printed and Word copies list at their end: a
 * reader holding a file years later can tell which version of the text it shows (content hash),
 * from which workspace, who exported it, when, and what was left out.
 */
export function provenanceFacts(model: ExportModel): ProvenanceFact[] {
  const facts: ProvenanceFact[] = [
    { label: "Workspace", value: model.workspace?.name ?? "Public demo" },
    { label: "Document", value: model.document.url },
    { label: "Document version", value: model.document.id },
    { label: "Content hash (SHA-256)", value: model.document.contentHash },
  ];
  if (model.document.previousVersionId) facts.push({ label: "Replaces version", value: model.document.previousVersionId });
  facts.push(
    { label: "Exported by", value: model.provenance.exportedBy?.name ?? "An anonymous reader" },
    { label: "Exported at", value: formatExportTime(model.provenance.exportedAt) },
    { label: "Exported from", value: model.provenance.origin },
    { label: "Included", value: describeOptions(model.provenance.options) },
  );
  return facts;
}
