import { z } from "zod";
import type { TextRange } from "@/lib/annotate/dom-offsets.ts";

/** The session's state as a student's page shows it. */
export type LiveSessionState = { locked: boolean; revealed: boolean; ended: boolean };

export type TeacherState = { session: LiveSessionState; spotlight: TextRange | null };

/**
 * The server's own awareness entry in a `peers-<group>` view (see docs/realtime.md):
 * `{user: {id: "teacher", ...}, session: {locked, revealed, ended}, spotlight: {start, end} | null}`.
 * Awareness states come from the wire, so each is checked; other entries are ignored.
 */
const teacherEntrySchema = z.object({
  user: z.object({ id: z.literal("teacher") }),
  session: z.object({ locked: z.boolean(), revealed: z.boolean(), ended: z.boolean() }),
  spotlight: z
    .object({ start: z.int().min(0), end: z.int().min(0) })
    .refine((range) => range.end > range.start)
    .nullable()
    .optional()
    .catch(null),
});

/** The teacher's entry among a view's awareness states, or null while the server has not set one. */
export function readTeacherState(states: Iterable<unknown>): TeacherState | null {
  for (const state of states) {
    const parsed = teacherEntrySchema.safeParse(state);
    if (parsed.success) return { session: parsed.data.session, spotlight: parsed.data.spotlight ?? null };
  }
  return null;
}

/** Which ids a student's own highlights have in an anonymous or named peers view (so the overlay leaves them out). */
export function ownAuthorIds(participant: { id: string; number: number }): ReadonlySet<string> {
  return new Set([participant.id, `reader-${participant.number}`]);
}

/** The answer key's copies in a view carry this author id (common.md). */
export const KEY_AUTHOR_ID = "key";
