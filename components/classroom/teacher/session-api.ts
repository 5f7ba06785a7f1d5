import { z } from "zod";
import { sessionStateUrl } from "@/lib/classroom/session-state-url.ts";
import { TAGS } from "@/lib/realtime/doc-schema.ts";

/**
 * The browser side of the session endpoints the teacher's pages use (docs/api.md, "Class
 * sessions"). Answers are parsed with zod, so a page never renders a shape it does not know;
 * errors come back as the sentence the server wrote.
 */

export type SessionState = { locked: boolean; revealed: boolean; ended: boolean };

export type RosterEntry = { participantId: string; number: number; name: string | null; group: number };

export type Roster = { state: SessionState; participants: RosterEntry[] };

/** The teacher's view of GET /api/v1/sessions/:id (lib/classroom/get-session.ts); only what the pages use. */
const rosterSchema = z
  .object({
    state: z.object({ locked: z.boolean(), revealed: z.boolean(), ended: z.boolean() }),
    participants: z.array(
      z.object({
        id: z.string(),
        number: z.number().int(),
        name: z.string().nullable(),
        group: z.number().int(),
        removed: z.boolean().optional(),
      }),
    ),
  })
  .transform(
    (body): Roster => ({
      state: { locked: body.state.locked, revealed: body.state.revealed, ended: body.state.ended },
      participants: body.participants
        .filter((participant) => !participant.removed)
        .map((participant) => ({ participantId: participant.id, number: participant.number, name: participant.name, group: participant.group })),
    }),
  );

/** answerSpans/keySpans: how many spans each side had, so "nothing to find, nothing found" reads as such. */
const prf = z.object({ precision: z.number(), recall: z.number(), f1: z.number(), answerSpans: z.number().optional(), keySpans: z.number().optional() });

const scoresSchema = z.object({
  overall: prf,
  byTag: z.record(z.enum(TAGS), prf),
  byTechnique: z.record(z.string(), prf),
});

/** GET /api/v1/sessions/:id/results (lib/classroom/scoring's SessionResults). */
const resultsSchema = z.object({
  class: scoresSchema.extend({ macro: scoresSchema.optional() }),
  participants: z.array(scoresSchema.extend({ participantId: z.string(), name: z.string(), spans: z.number() })),
});

export type PRF = z.output<typeof prf>;
export type Scores = z.output<typeof scoresSchema>;
export type SessionResults = z.output<typeof resultsSchema>;

export type Answer<T> = { ok: true; value: T } | { ok: false; message: string };

const base = (sessionId: string) => `/api/v1/sessions/${encodeURIComponent(sessionId)}`;

async function call<T>(url: string, init: RequestInit, schema: z.ZodType<T> | null, signal?: AbortSignal): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: signal ?? null });
  } catch {
    return { ok: false, message: "The server could not be reached. Check the connection and try again." };
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    return { ok: false, message: typeof message === "string" ? message : `The server answered ${response.status}.` };
  }
  if (!schema) return { ok: true, value: undefined as T };
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: "The server's answer was not understood; reload the page." };
}

export function fetchRoster(sessionId: string, signal?: AbortSignal): Promise<Answer<Roster>> {
  return call(base(sessionId), {}, rosterSchema, signal);
}

export function fetchResults(sessionId: string, signal?: AbortSignal): Promise<Answer<SessionResults>> {
  return call(`${base(sessionId)}/results`, {}, resultsSchema, signal);
}

export type SessionCommand = "lock" | "unlock" | "reveal" | "end";

export function sendCommand(sessionId: string, command: SessionCommand, body: object = {}): Promise<Answer<void>> {
  return call(`${base(sessionId)}/${command}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, null);
}

export function removeParticipant(sessionId: string, participantId: string): Promise<Answer<void>> {
  return call(`${base(sessionId)}/participants/${encodeURIComponent(participantId)}`, { method: "DELETE" }, null);
}

/** Deletes a comment by its id as the class view shows it (the server maps it to the student's room). */
export function deleteComment(sessionId: string, commentId: string): Promise<Answer<void>> {
  return call(`${base(sessionId)}/comments/${encodeURIComponent(commentId)}`, { method: "DELETE" }, null);
}

const createdSchema = z.object({ id: z.string(), code: z.string(), joinUrl: z.string(), room: z.string() });

export type SessionOptions = { mode: "blind" | "open"; anonymous: boolean; groups: number; useExampleKey: boolean };

export function startSession(documentId: string, options: SessionOptions): Promise<Answer<z.output<typeof createdSchema>>> {
  const body = { mode: options.mode, anonymous: options.anonymous, ...(options.groups > 0 ? { groups: options.groups } : {}), ...(options.useExampleKey ? { useExampleKey: true } : {}) };
  return call(`/api/v1/documents/${encodeURIComponent(documentId)}/sessions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, createdSchema);
}

/** Where the session's results and class copy are downloaded. */
export const downloads = {
  resultsCsv: (sessionId: string) => `${base(sessionId)}/results?format=csv`,
  classCopy: (sessionId: string, format: "html" | "md" | "jsonld" | "csv" | "pdf" | "docx", anonymize: boolean) =>
    `${base(sessionId)}/export?format=${format}${anonymize ? "&anonymize=1" : ""}`,
  roomState: sessionStateUrl,
};
