import type { AppContext } from "@/lib/app-context.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import { AppError } from "@/lib/errors.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";

/**
 * A document's shared annotation room as one Yjs update, for anyone who may read the document
 * (the public demo: anyone, signed in or not). The page paints its highlights from this while
 * its websocket connects, and then syncs only what changed since. Without credentials, every
 * id but the demo's answers UNAUTHORIZED, known or not (as exports do), so it reveals nothing.
 */
export async function readAnnotationState(
  prisma: PrismaClient,
  realtime: Pick<AppContext["realtime"], "state">,
  actor: Actor | null,
  documentId: string,
): Promise<Uint8Array> {
  const { document } = await getDocumentForActor(prisma, actor, documentId).catch((error: unknown) => {
    if (!actor && error instanceof AppError && error.code === "NOT_FOUND") {
      throw new AppError("UNAUTHORIZED", "Sign in, or send an API token, to read this document's annotations.");
    }
    throw error;
  });
  return realtime.state(document.id);
}
