import type { ExportModel } from "./export-model.ts";
import { toExportCollection } from "./to-export-collection.ts";

/** The export as a W3C Web Annotation AnnotationCollection (JSON-LD). */
export async function renderJsonLd(model: ExportModel): Promise<string> {
  return `${JSON.stringify(toExportCollection(model), null, 2)}\n`;
}
