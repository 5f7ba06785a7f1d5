import type { PrismaClient } from "@/lib/db/database.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { buildExportModel } from "./build-export-model.ts";
import { contentDisposition } from "./content-disposition.ts";
import { EXPORT_RENDERERS } from "./formats.ts";
import { parseExportOptions } from "./export-options.ts";

/**
 * One export as the route sends it: the query parsed, the model built (permissions are
 * checked there), the format rendered, and the headers that name the file.
 */
export async function exportDocument(
  prisma: PrismaClient,
  actor: Actor | null,
  input: { documentId: string; origin: string; query: URLSearchParams },
): Promise<{ body: Uint8Array | string; headers: Record<string, string> }> {
  const request = parseExportOptions(input.query);
  const renderer = EXPORT_RENDERERS[request.format];
  const model = await buildExportModel(prisma, actor, { documentId: input.documentId, origin: input.origin, options: request.options });
  const body = await renderer.render(model);
  return {
    body,
    headers: {
      "content-type": renderer.contentType,
      "content-disposition": contentDisposition({
        title: model.document.title,
        date: model.provenance.exportedAt,
        extension: renderer.extension,
        disposition: request.disposition,
      }),
      // A copy names people and may be private to a workspace: never kept by a shared cache.
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      // Opened straight from the API, a copy still runs nothing and fetches nothing.
      "content-security-policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
    },
  };
}
