import type { PrismaClient } from "@/lib/db/database.ts";
import { isUniqueViolation } from "@/lib/db/unique-violation.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import type { RoomChange } from "@/lib/realtime/room-change.ts";
import { parseInput } from "@/lib/validation.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { exampleKeyRecords } from "./example-key.ts";
import { generateJoinCode } from "./join-code.ts";
import type { SessionRealtime } from "./session-room-records.ts";
import { createSessionSchema } from "./session-schema.ts";
import { joinUrl, sessionViewRooms } from "./session-links.ts";

/** A fresh 6-character code collides with a stored one about once in a million sessions; a few tries always suffice. */
const CODE_ATTEMPTS = 8;

/**
 * Starts a classroom session on a workspace document, for an editor or owner of its workspace.
 * The public demo belongs to no workspace and so has no teacher: its copy in the teacher's own
 * workspace is the one to run a session on. With `useExampleKey`, the demo's example answer key
 * is written into the session's key room (only on a copy of the demo article: its offsets
 * point into that text).
 */
export async function createSession(
  prisma: PrismaClient,
  realtime: Pick<SessionRealtime, "change">,
  actor: Actor,
  input: { documentId: string; origin: string; options: unknown },
): Promise<{ id: string; code: string; joinUrl: string; room: string }> {
  const options = parseInput(createSessionSchema, input.options ?? {});
  const document = await prisma.document.findUnique({
    where: { id: input.documentId },
    select: { id: true, workspaceId: true, slug: true, contentHash: true },
  });
  if (!document) throw notFound("Document");
  if (document.workspaceId === null) {
    throw new AppError("BAD_REQUEST", "The demo article belongs to no workspace: start the session on its copy in your own workspace.");
  }
  try {
    await requireAccess(prisma, actor, document.workspaceId, "session.run");
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw notFound("Document");
    if (error instanceof AppError && error.code === "FORBIDDEN") {
      throw new AppError("FORBIDDEN", "Only editors and owners of this workspace can run a classroom session.");
    }
    throw error;
  }
  // Checked before the session exists, so a refused key leaves no half-made session behind.
  const exampleKey = options.useExampleKey ? await exampleKeyFor(prisma, actor, document) : null;

  for (let attempt = 1; ; attempt++) {
    try {
      const session = await prisma.classSession.create({
        data: {
          documentId: document.id,
          workspaceId: document.workspaceId,
          createdById: actor.userId,
          mode: options.mode === "blind" ? "BLIND" : "OPEN",
          anonymous: options.anonymous,
          groupCount: options.groups,
          code: generateJoinCode(),
        },
      });
      const rooms = sessionViewRooms(session);
      if (exampleKey) await realtime.change(rooms.key, exampleKey);
      return { id: session.id, code: session.code, joinUrl: joinUrl(input.origin, session.code), room: rooms.key };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= CODE_ATTEMPTS) throw error;
    }
  }
}

/**
 * The demo's example answer key as records of the teacher's key room, for a copy of the demo
 * article (same text, so the same passages). Authored by the teacher who starts the session:
 * it is their key from then on, to edit like any other.
 */
async function exampleKeyFor(prisma: PrismaClient, actor: Actor, document: { id: string; contentHash: string }): Promise<RoomChange> {
  const demo = await prisma.document.findUnique({ where: { slug: DEMO_SLUG }, select: { contentHash: true } });
  if (!demo || demo.contentHash !== document.contentHash) {
    throw new AppError("BAD_REQUEST", "The example answer key fits the demo article only: use it on your workspace's copy of the demo, or write your own key.", "useExampleKey");
  }
  const [copy, teacher] = await Promise.all([getDocument(prisma, { id: document.id }), prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { id: true, name: true } })]);
  if (!copy) throw notFound("Document");
  const records = exampleKeyRecords(canonicalBodyText(copy.blocks), { authorId: teacher.id, authorName: teacher.name, now: Date.now() });
  return { annotations: records.annotations, comments: records.comments };
}
