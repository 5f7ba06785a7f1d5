import { z } from "zod";
import { importAnnotations } from "@/lib/annotations/import/import-annotations.ts";
import { apiRoute } from "@/lib/api/api-route.ts";
import { readJsonBody } from "@/lib/api/read-json-body.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { parseInput } from "@/lib/validation.ts";

type Params = { id: string };

/** An annotation file of a few thousand highlights with their threads fits. */
const MAX_IMPORT_BYTES = 5_000_000;

const querySchema = z.object({ dryRun: z.enum(["0", "1", "true", "false"], { error: "dryRun must be 1 or 0" }).optional() });

export const POST = apiRoute<Params>(async ({ prisma, actor, params, request }) => {
  const query = parseInput(querySchema, Object.fromEntries(new URL(request.url).searchParams));
  const file = await readJsonBody(request, MAX_IMPORT_BYTES, { acceptsJsonLd: true, allowList: true });
  return importAnnotations(prisma, getAppContext().realtime, actor, {
    documentId: params.id,
    file,
    dryRun: query.dryRun === "1" || query.dryRun === "true",
  });
}, { weight: "heavy" });
