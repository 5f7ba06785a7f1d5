/**
 * Scoring students' highlights against a session's answer key: precision, recall and F1 with
 * partial credit for overlap, as defined for span identification by Da San Martino et al.
 * (2019) and SemEval-2020 Task 11. Definitions, edge cases and a worked example: docs/classroom.md.
 */
export type { ParticipantAnswers, ParticipantResult, PRF, Scores, ScoredSpan, SessionResults } from "./types.ts";
export { sessionResults } from "./session-results.ts";
export { sessionResultsCsv } from "./session-results-csv.ts";
