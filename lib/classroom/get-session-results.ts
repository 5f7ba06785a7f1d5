import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError } from "@/lib/errors.ts";
import { contentDisposition } from "@/lib/export/content-disposition.ts";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { sessionResults, sessionResultsCsv, type ScoredSpan, type SessionResults } from "./scoring/index.ts";
import { resolveSessionTeacher, type SessionCredentials } from "./session-caller.ts";
import type { SessionRealtime } from "./session-room-records.ts";
import { keySource, participantSources } from "./session-sources.ts";
import { pseudonym } from "./session-view.ts";

function spans(records: readonly AnnotationRecord[]): ScoredSpan[] {
  return records.map((record) => ({ start: record.start, end: record.end, tag: record.tag, technique: record.technique }));
}

/**
 * The session's scores against the teacher's key (teachers only): per student and for the
 * class, overall, by tag and by technique, read from the key room and every current student's
 * room at this moment. Before the key has any highlight every score is 0 with `keySpans` 0,
 * which the scoring module keeps apart from a real zero.
 */
export async function getSessionResults(
  prisma: PrismaClient,
  services: { authSecret: string; realtime: Pick<SessionRealtime, "state"> },
  credentials: SessionCredentials,
  input: { sessionId: string },
): Promise<{ results: SessionResults; keySpans: number; title: string }> {
  const { session } = await resolveSessionTeacher(prisma, services.authSecret, input.sessionId, credentials);
  const [key, students, document] = await Promise.all([
    keySource(services.realtime, session),
    participantSources(prisma, services.realtime, session),
    prisma.document.findUniqueOrThrow({ where: { id: session.documentId }, select: { title: true } }),
  ]);
  const results = sessionResults(
    spans(key.records.annotations),
    students.map((student) => ({
      participantId: student.participant.id,
      name: student.participant.name ?? pseudonym(student.participant.number),
      spans: spans(student.records.annotations),
    })),
  );
  return { results, keySpans: key.records.annotations.length, title: document.title };
}

/** The results as the route sends them: JSON, or CSV (one row per participant, per tag and technique) as a download. */
export async function sessionResultsResponse(
  prisma: PrismaClient,
  services: { authSecret: string; realtime: Pick<SessionRealtime, "state"> },
  credentials: SessionCredentials,
  input: { sessionId: string; format: string | null },
): Promise<Response> {
  if (input.format !== null && input.format !== "json" && input.format !== "csv") {
    throw new AppError("BAD_REQUEST", 'format must be "json" or "csv".', "format");
  }
  const { results, title } = await getSessionResults(prisma, services, credentials, input);
  const headers = { "cache-control": "private, no-store" };
  if (input.format !== "csv") return Response.json(results, { headers });
  return new Response(sessionResultsCsv(results), {
    headers: {
      ...headers,
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": contentDisposition({ title: `Class results - ${title}`, date: new Date(), extension: "csv", disposition: "attachment" }),
      "x-content-type-options": "nosniff",
    },
  });
}
