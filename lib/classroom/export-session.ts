import type { PrismaClient } from "@/lib/db/database.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import { notFound } from "@/lib/errors.ts";
import { exportModelFromRecords } from "@/lib/export/build-export-model.ts";
import type { ExportPerson } from "@/lib/export/export-model.ts";
import { renderExport } from "@/lib/export/export-document.ts";
import type { FrameAncestors } from "@/lib/http/security-headers.ts";
import { parseExportOptions } from "@/lib/export/export-options.ts";
import { EXPORT_RENDERERS } from "@/lib/export/formats.ts";
import { getWorkspaceVocabulary } from "@/lib/vocabulary/get-workspace-vocabulary.ts";
import { resolveSessionTeacher, type SessionCredentials } from "./session-caller.ts";
import type { SessionRealtime } from "./session-room-records.ts";
import { keySource, participantSources } from "./session-sources.ts";
import { KEY_AUTHOR_ID, KEY_AUTHOR_NAME, pseudonym, sessionViewRecords } from "./session-view.ts";

const TEACHER_PSEUDONYM: ExportPerson = { id: "teacher", name: "Teacher" };

/**
 * The class's annotated copy (teachers only), in any export format: every current student's
 * highlights and notes and the answer key, as the class view shows them, rendered by the same
 * renderers as a document export. With `anonymize=1` students are "Reader <number>" (their
 * join numbers, as on the projector) and the teacher is "Teacher".
 */
export async function exportSession(
  prisma: PrismaClient,
  services: { authSecret: string; realtime: Pick<SessionRealtime, "state"> },
  credentials: SessionCredentials,
  input: { sessionId: string; origin: string; query: URLSearchParams; frameAncestors: FrameAncestors },
): Promise<{ body: Uint8Array | string; headers: Record<string, string> }> {
  const request = parseExportOptions(input.query);
  const { userId, session } = await resolveSessionTeacher(prisma, services.authSecret, input.sessionId, credentials);
  const anonymize = request.options.anonymize;
  const [document, workspace, teacher, vocabulary, students, key] = await Promise.all([
    getDocument(prisma, { id: session.documentId }),
    prisma.workspace.findUniqueOrThrow({ where: { id: session.workspaceId }, select: { id: true, name: true } }),
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true } }),
    getWorkspaceVocabulary(prisma, session.workspaceId),
    participantSources(prisma, services.realtime, session),
    keySource(services.realtime, session),
  ]);
  if (!document) throw notFound("Document");

  const people = new Map<string, ExportPerson>([[KEY_AUTHOR_ID, { id: KEY_AUTHOR_ID, name: KEY_AUTHOR_NAME }]]);
  for (const { participant } of students) {
    const shown = anonymize ? null : participant.name;
    people.set(participant.id, shown === null ? { id: `reader-${participant.number}`, name: pseudonym(participant.number) } : { id: participant.id, name: shown });
  }
  people.set(teacher.id, anonymize ? TEACHER_PSEUDONYM : teacher);

  const records = sessionViewRecords([...students, key], "class", false);
  const model = exportModelFromRecords({
    document,
    workspace: anonymize && teacher.name.trim().length > 1 ? { ...workspace, name: workspace.name.split(teacher.name).join(TEACHER_PSEUDONYM.name) } : workspace,
    vocabulary,
    annotations: records.annotations,
    comments: records.comments,
    people,
    exportedBy: teacher.id,
    origin: input.origin,
    options: request.options,
  });
  return renderExport(EXPORT_RENDERERS[request.format], model, {
    title: `Class copy - ${document.title}`,
    disposition: request.disposition,
    frameAncestors: input.frameAncestors,
  });
}
