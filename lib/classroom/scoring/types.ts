import type { Tag } from "@/lib/realtime/doc-schema.ts";

/**
 * One highlight as scoring sees it: a half-open range [start, end) in code points of the
 * document's canonical text, its tag, and (for propaganda) the technique sub-label id.
 */
export type ScoredSpan = { start: number; end: number; tag: Tag; technique: string | null };

/**
 * Precision, recall and F1 with partial credit for overlap (Da San Martino et al., 2019), and
 * how many spans each side had after merging (see docs/classroom.md), so a reader can tell a
 * perfect "nothing to find, nothing found" (both 0) from a real score.
 */
export type PRF = { precision: number; recall: number; f1: number; answerSpans: number; keySpans: number };

export type Scores = { overall: PRF; byTag: Record<Tag, PRF>; byTechnique: Record<string, PRF> };

export type ParticipantResult = Scores & { participantId: string; name: string; spans: number };

/**
 * `class` is micro-averaged (every student's spans pooled against the key repeated once per
 * student); `class.macro` is the mean of the students' own scores.
 */
export type SessionResults = { class: Scores & { macro: Scores }; participants: ParticipantResult[] };

export type ParticipantAnswers = { participantId: string; name: string; spans: ScoredSpan[] };
