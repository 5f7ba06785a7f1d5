import { stringify } from "csv-stringify/sync";
import { TAGS } from "@/lib/realtime/doc-schema.ts";
import type { PRF, Scores, SessionResults } from "./types.ts";

const COLUMNS = ["participant_id", "name", "scope", "label", "precision", "recall", "f1", "answer_spans", "key_spans"] as const;

type Row = Record<(typeof COLUMNS)[number], string | number>;

/** Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list); student names are typed by students. */
const FORMULA_START = /^[=+\-@\t\r]/;

function asText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Four decimals: enough to rank students, short enough to read in a spreadsheet. */
function ratio(value: number): string {
  return value.toFixed(4);
}

function scoreRows(who: { participantId: string; name: string }, scores: Scores): Row[] {
  const row = (scope: string, label: string, prf: PRF): Row => ({
    participant_id: who.participantId,
    name: who.name,
    scope,
    label,
    precision: ratio(prf.precision),
    recall: ratio(prf.recall),
    f1: ratio(prf.f1),
    answer_spans: prf.answerSpans,
    key_spans: prf.keySpans,
  });
  return [
    row("overall", "", scores.overall),
    ...TAGS.map((tag) => row("tag", tag, scores.byTag[tag])),
    ...Object.entries(scores.byTechnique).map(([technique, prf]) => row("technique", technique, prf)),
  ];
}

/**
 * The results as a spreadsheet: first the class (pooled, then the mean of students), then one
 * row per participant × (overall, each tag, each technique found in the key or the answers).
 * Span counts are after merging each side's overlapping same-label spans (docs/classroom.md).
 * UTF-8 with a BOM so Excel reads accented names; formula-looking names are neutralised.
 */
export function sessionResultsCsv(results: SessionResults): string {
  const rows = [
    ...scoreRows({ participantId: "", name: "Class (pooled)" }, results.class),
    ...scoreRows({ participantId: "", name: "Class (mean of students)" }, results.class.macro),
    ...results.participants.flatMap((participant) => scoreRows(participant, participant)),
  ];
  return stringify(rows, {
    bom: true,
    header: true,
    columns: [...COLUMNS],
    cast: { string: asText, number: (value) => String(value) },
    record_delimiter: "windows",
  });
}
