import type { ExportModel } from "./export-model.ts";
import type { ExportFormat } from "./export-options.ts";
import { renderCsv } from "./render-csv.ts";
import { renderDocx } from "./render-docx.ts";
import { renderHtml } from "./render-html.ts";
import { renderJsonLd } from "./render-jsonld.ts";
import { renderMarkdown } from "./render-markdown.ts";
import { renderPdf } from "./render-pdf.ts";

export type ExportRenderer = {
  contentType: string;
  /** The file name's extension, without the dot. */
  extension: string;
  render(model: ExportModel): Promise<Uint8Array | string>;
};

/** Every format the export route serves, each a pure function of the export model. */
export const EXPORT_RENDERERS: Record<ExportFormat, ExportRenderer> = {
  html: { contentType: "text/html; charset=utf-8", extension: "html", render: renderHtml },
  md: { contentType: "text/markdown; charset=utf-8", extension: "md", render: renderMarkdown },
  jsonld: { contentType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8', extension: "jsonld", render: renderJsonLd },
  pdf: { contentType: "application/pdf", extension: "pdf", render: renderPdf },
  docx: { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extension: "docx", render: renderDocx },
  csv: { contentType: "text/csv; charset=utf-8; header=present", extension: "csv", render: renderCsv },
};
