import type { AppContext } from "@/lib/app-context.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";

/**
 * A document's shared annotation room as one Yjs update, for anyone who may read the document
 * (the public demo: anyone, signed in or not). The page paints its highlights from this while
 * its websocket connects, and then syncs only what changed since.
 */
export async function readAnnotationState(
  prisma: PrismaClient,
  realtime: Pick<AppContext["realtime"], "state">,
  actor: Actor | null,
  documentId: string,
): Promise<Uint8Array> {
  const { document } = await getDocumentForActor(prisma, actor, documentId);
  return realtime.state(document.id);
}
