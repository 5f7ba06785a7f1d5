import type { ExportModel } from "./export-model.ts";
import type { ExportFormat } from "./export-options.ts";
import { renderCsv } from "./render-csv.ts";
import { renderHtml } from "./render-html.ts";
import { renderJsonLd } from "./render-jsonld.ts";
import { renderMarkdown } from "./render-markdown.ts";

export type ExportRenderer = {
  contentType: string;
  /** The file name's extension, without the dot. */
  extension: string;
  render(model: ExportModel): Promise<Uint8Array | string>;
};

/**
 * Every format the export route serves. A format the query schema accepts but this registry
 * lacks answers 400 "not available yet" (PDF and DOCX join with their renderers).
 */
export const EXPORT_RENDERERS: Partial<Record<ExportFormat, ExportRenderer>> = {
  html: { contentType: "text/html; charset=utf-8", extension: "html", render: renderHtml },
  md: { contentType: "text/markdown; charset=utf-8", extension: "md", render: renderMarkdown },
  jsonld: { contentType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8', extension: "jsonld", render: renderJsonLd },
  csv: { contentType: "text/csv; charset=utf-8; header=present", extension: "csv", render: renderCsv },
};
