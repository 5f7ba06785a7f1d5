import type { PrismaClient } from "@/lib/db/database.ts";
import { exportContentSecurityPolicy, type FrameAncestors } from "@/lib/http/security-headers.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { buildExportModel } from "./build-export-model.ts";
import { contentDisposition } from "./content-disposition.ts";
import type { ExportModel } from "./export-model.ts";
import { parseExportOptions, type ExportRequest } from "./export-options.ts";
import { EXPORT_RENDERERS, type ExportRenderer } from "./formats.ts";

/**
 * One export as the route sends it: the query parsed, the model built (permissions are
 * checked there), the format rendered, and the headers that name the file.
 */
export async function exportDocument(
  prisma: PrismaClient,
  actor: Actor | null,
  input: { documentId: string; origin: string; query: URLSearchParams; frameAncestors: FrameAncestors },
): Promise<{ body: Uint8Array | string; headers: Record<string, string> }> {
  const request = parseExportOptions(input.query);
  const renderer = EXPORT_RENDERERS[request.format];
  const model = await buildExportModel(prisma, actor, { documentId: input.documentId, origin: input.origin, options: request.options });
  return renderExport(renderer, model, { title: model.document.title, disposition: request.disposition, frameAncestors: input.frameAncestors });
}

/**
 * Renders a model in one format, with the headers every export is sent with: the file's name,
 * and no caching or script (a document's copy and a class's copy alike). `frameAncestors` are
 * those allowed to frame the app's pages (FRAME_ANCESTORS): the preview frames the HTML copy
 * inside a page, and every ancestor of the frame must be allowed.
 */
export async function renderExport(
  renderer: ExportRenderer,
  model: ExportModel,
  file: { title: string; disposition: ExportRequest["disposition"]; frameAncestors: FrameAncestors },
): Promise<{ body: Uint8Array | string; headers: Record<string, string> }> {
  return {
    body: await renderer.render(model),
    headers: {
      "content-type": renderer.contentType,
      "content-disposition": contentDisposition({
        title: file.title,
        date: model.provenance.exportedAt,
        extension: renderer.extension,
        disposition: file.disposition,
      }),
      // A copy names people and may be private to a workspace: never kept by a shared cache.
      "cache-control": "private, no-store",
      // Opened straight from the API, a copy still runs nothing and fetches nothing (the server adds nosniff and the rest).
      "content-security-policy": exportContentSecurityPolicy(file.frameAncestors),
    },
  };
}
