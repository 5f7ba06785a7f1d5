import * as Y from "yjs";
import type { PrismaClient } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import type { Logger } from "@/lib/logger.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import type { RoomChange } from "@/lib/realtime/room-change.ts";
import { exampleKeyRecords } from "./example-key.ts";

/** Who the example key's highlights and explanations are by, as readers of /demo see it. */
export const EXAMPLE_KEY_AUTHOR = { authorId: "marginalia-example-key", authorName: "Example answer key" } as const;

/** What seeding needs of the realtime server: its own writes go through the room, so open pages see them live and exports' projection follows. */
type RoomWriter = {
  state(roomName: string): Promise<Uint8Array>;
  change(roomName: string, change: RoomChange): Promise<void>;
};

/** The same record apart from when it was written (a restart's fresh timestamps are no reason to rewrite). Records hold only primitives. */
function sameContent<T extends AnnotationRecord | CommentRecord>(existing: T, wanted: T): boolean {
  return (Object.keys(wanted) as (keyof T)[]).every((field) => field === "createdAt" || field === "updatedAt" || existing[field] === wanted[field]);
}

function missingOrChanged<T extends AnnotationRecord | CommentRecord>(wanted: readonly T[], present: readonly T[]): T[] {
  const byId = new Map(present.map((record) => [record.id, record]));
  return wanted.filter((record) => {
    const existing = byId.get(record.id);
    return !existing || !sameContent(existing, record);
  });
}

/**
 * Puts the example answer key into the demo article's shared room, so /demo shows what the
 * product does. Runs at every start, after the realtime server exists: it writes only the key's
 * records that are missing or differ from the code's, so a restart writes nothing, an existing
 * install gets the key on its next start and a revised explanation reaches it the same way.
 * Passages the demo text no longer holds are logged and left out.
 */
export async function seedDemoExampleKey(prisma: PrismaClient, realtime: RoomWriter, logger: Logger, now = Date.now()): Promise<{ written: number }> {
  const demo = await getDocument(prisma, { slug: DEMO_SLUG });
  if (!demo) return { written: 0 };
  const records = exampleKeyRecords(canonicalBodyText(demo.blocks), { ...EXAMPLE_KEY_AUTHOR, now });
  if (records.unanchored.length > 0) {
    logger.warn({ documentId: demo.id, passages: records.unanchored }, "example key passages not found in the demo text: left out");
  }

  const doc = new Y.Doc();
  const state = await realtime.state(demo.id);
  // A room never written to is stored as no bytes at all, which is not a valid Yjs update.
  if (state.byteLength > 0) Y.applyUpdate(doc, state);
  const change = {
    annotations: missingOrChanged(records.annotations, readAnnotations(doc)),
    comments: missingOrChanged(records.comments, readComments(doc)),
  };
  doc.destroy();
  const written = change.annotations.length + change.comments.length;
  if (written === 0) return { written };
  await realtime.change(demo.id, change);
  logger.info({ documentId: demo.id, annotations: change.annotations.length, comments: change.comments.length }, "example key written to the demo");
  return { written };
}
