import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { addCredit, labelCredit, NO_CREDIT, toPRF, type CreditSums } from "./label-scores.ts";
import type { ParticipantAnswers, PRF, Scores, ScoredSpan, SessionResults } from "./types.ts";

/** Credit sums per label: byTag by tag, byTechnique by technique (propaganda only), overall = Σ over tags. */
type Credits = { overall: CreditSums; byTag: Record<Tag, CreditSums>; byTechnique: Record<string, CreditSums> };

function withTag(spans: readonly ScoredSpan[], tag: Tag): ScoredSpan[] {
  return spans.filter((span) => span.tag === tag);
}

/** A propaganda span without a technique belongs to no technique: it is in no byTechnique entry. */
function withTechnique(spans: readonly ScoredSpan[], technique: string): ScoredSpan[] {
  return spans.filter((span) => span.tag === "propaganda" && span.technique === technique);
}

function techniquesIn(spans: readonly ScoredSpan[]): string[] {
  return spans.flatMap((span) => (span.tag === "propaganda" && span.technique !== null ? [span.technique] : []));
}

function credits(answer: readonly ScoredSpan[], key: readonly ScoredSpan[], techniques: readonly string[]): Credits {
  const byTag = Object.fromEntries(TAGS.map((tag) => [tag, labelCredit(withTag(answer, tag), withTag(key, tag))])) as Record<Tag, CreditSums>;
  return {
    // C(s,t,h) is 0 when the tags differ, so the overall sums are the per-tag sums added up.
    overall: TAGS.reduce((sum, tag) => addCredit(sum, byTag[tag]), NO_CREDIT),
    byTag,
    byTechnique: Object.fromEntries(
      techniques.map((technique) => [technique, labelCredit(withTechnique(answer, technique), withTechnique(key, technique))]),
    ),
  };
}

function mapCredits(each: Credits, score: (sums: CreditSums, label: { kind: "overall" } | { kind: "tag"; tag: Tag } | { kind: "technique"; technique: string }) => PRF): Scores {
  return {
    overall: score(each.overall, { kind: "overall" }),
    byTag: Object.fromEntries(TAGS.map((tag) => [tag, score(each.byTag[tag], { kind: "tag", tag })])) as Record<Tag, PRF>,
    byTechnique: Object.fromEntries(
      Object.entries(each.byTechnique).map(([technique, sums]) => [technique, score(sums, { kind: "technique", technique })]),
    ),
  };
}

function sumCredits(all: readonly Credits[], techniques: readonly string[]): Credits {
  return {
    overall: all.reduce((sum, each) => addCredit(sum, each.overall), NO_CREDIT),
    byTag: Object.fromEntries(TAGS.map((tag) => [tag, all.reduce((sum, each) => addCredit(sum, each.byTag[tag]), NO_CREDIT)])) as Record<
      Tag,
      CreditSums
    >,
    byTechnique: Object.fromEntries(
      techniques.map((technique) => [technique, all.reduce((sum, each) => addCredit(sum, each.byTechnique[technique] ?? NO_CREDIT), NO_CREDIT)]),
    ),
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Every participant's scores against the key, and the class's: pooled (micro: all students'
 * spans against the key repeated once per student, so a student who tagged much weighs more
 * in precision) and `macro` (the plain mean of the students' P, R and F1, every student
 * weighing the same). A class without participants scores 0. byTechnique lists every
 * technique that occurs in the key or in any answer, for everyone, so rows line up.
 * Definitions and a worked example: docs/classroom.md.
 */
export function sessionResults(key: readonly ScoredSpan[], participants: readonly ParticipantAnswers[]): SessionResults {
  const techniques = [...new Set([...techniquesIn(key), ...participants.flatMap((participant) => techniquesIn(participant.spans))])].sort();
  const perParticipant = participants.map((participant) => credits(participant.spans, key, techniques));
  const scored = perParticipant.map((each) => mapCredits(each, toPRF));
  const pooled = sumCredits(perParticipant, techniques);
  const empty = participants.length === 0;

  const micro = mapCredits(pooled, (sums) => (empty ? { ...toPRF(sums), precision: 0, recall: 0, f1: 0 } : toPRF(sums)));
  const macro = mapCredits(pooled, (sums, label) => {
    const pick = (scores: Scores): PRF =>
      label.kind === "overall" ? scores.overall : label.kind === "tag" ? scores.byTag[label.tag] : scores.byTechnique[label.technique]!;
    const of = (field: "precision" | "recall" | "f1") => mean(scored.map((scores) => pick(scores)[field]));
    return { precision: of("precision"), recall: of("recall"), f1: of("f1"), answerSpans: sums.answerSpans, keySpans: sums.keySpans };
  });

  return {
    class: { ...micro, macro },
    participants: participants.map((participant, index) => ({
      participantId: participant.participantId,
      name: participant.name,
      spans: participant.spans.length,
      ...scored[index]!,
    })),
  };
}
