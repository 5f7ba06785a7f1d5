import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";

/** One highlight of one participant, as the heatmap sees it: code points of the canonical text. */
export type CoverageEntry = { participantId: string; start: number; end: number; tag: Tag; technique: string | null };

/** How one participant marked a stretch: one item per distinct (participant, tag, technique). */
export type StretchMark = { participantId: string; tag: Tag; technique: string | null };

/**
 * A piece of text between two consecutive highlight boundaries and who covered it. `total`
 * counts distinct participants (a student with two overlapping highlights counts once);
 * `byTag` and `byTechnique` count distinct participants per tag and per sub-label id (a student
 * who marked the stretch with two tags counts in both).
 */
export type Stretch = {
  start: number;
  end: number;
  total: number;
  byTag: Record<Tag, number>;
  byTechnique: Record<string, number>;
  participants: StretchMark[];
};

/** A multiset of participants: how many of their active highlights cover the sweep position. */
class ParticipantCounts {
  private readonly counts = new Map<string, number>();

  add(participantId: string, delta: 1 | -1): void {
    const next = (this.counts.get(participantId) ?? 0) + delta;
    if (next === 0) this.counts.delete(participantId);
    else this.counts.set(participantId, next);
  }

  get distinct(): number {
    return this.counts.size;
  }
}

type Boundary = { at: number; entry: CoverageEntry; mark: StretchMark; delta: 1 | -1 };

/**
 * The class's coverage of a text of `textLength` code points: the text cut at every highlight
 * boundary, each stretch with how many participants covered it, per tag and sub-label, and who
 * marked it how. Only covered stretches are returned, in text order. One sweep over the sorted
 * boundaries keeps counters up to date, so the cost is O(n log n) plus the size of the answer
 * (150 students × 30 highlights: a few milliseconds, see bench/class-coverage.ts).
 * Highlights are clamped to the text; empty ones are ignored.
 */
export function classCoverage(textLength: number, entries: readonly CoverageEntry[]): Stretch[] {
  const marks = new Map<string, StretchMark>();
  const boundaries: Boundary[] = [];
  for (const entry of entries) {
    const start = Math.max(0, entry.start);
    const end = Math.min(textLength, entry.end);
    if (end <= start) continue;
    const key = `${entry.participantId}\u0000${entry.tag}\u0000${entry.technique ?? ""}`;
    // One shared mark object per (participant, tag, technique): stretches list them by reference.
    const mark = marks.get(key) ?? { participantId: entry.participantId, tag: entry.tag, technique: entry.technique };
    marks.set(key, mark);
    boundaries.push({ at: start, entry, mark, delta: 1 }, { at: end, entry, mark, delta: -1 });
  }
  boundaries.sort((a, b) => a.at - b.at);

  const everyone = new ParticipantCounts();
  const byTag = Object.fromEntries(TAGS.map((tag) => [tag, new ParticipantCounts()])) as Record<Tag, ParticipantCounts>;
  const byTechnique = new Map<string, ParticipantCounts>();
  const active = new Map<StretchMark, number>();
  const stretches: Stretch[] = [];

  let index = 0;
  while (index < boundaries.length) {
    const at = boundaries[index]!.at;
    for (; index < boundaries.length && boundaries[index]!.at === at; index += 1) {
      const { entry, mark, delta } = boundaries[index]!;
      everyone.add(entry.participantId, delta);
      byTag[entry.tag].add(entry.participantId, delta);
      if (entry.technique !== null) {
        const counts = byTechnique.get(entry.technique) ?? new ParticipantCounts();
        byTechnique.set(entry.technique, counts);
        counts.add(entry.participantId, delta);
        if (counts.distinct === 0) byTechnique.delete(entry.technique);
      }
      const covering = (active.get(mark) ?? 0) + delta;
      if (covering === 0) active.delete(mark);
      else active.set(mark, covering);
    }
    const next = boundaries[index]?.at;
    if (next === undefined || everyone.distinct === 0) continue;
    const techniques: Record<string, number> = {};
    for (const [technique, counts] of byTechnique) techniques[technique] = counts.distinct;
    stretches.push({
      start: at,
      end: next,
      total: everyone.distinct,
      byTag: { propaganda: byTag.propaganda.distinct, sourcing: byTag.sourcing.distinct, context: byTag.context.distinct },
      byTechnique: techniques,
      participants: Array.from(active.keys()),
    });
  }
  return stretches;
}

/**
 * How much the students who marked a stretch agree on what it is: the share of them who gave
 * it its most common tag (1 = all chose the same tag; 0.5 = split in half). A student who used
 * two tags on the stretch counts for both, so the share never exceeds 1. An uncovered stretch
 * has nothing to agree on and scores 0. Kappa-style chance correction is deliberately left out:
 * a teacher reads "8 of 10 said propaganda" at a glance.
 */
export function stretchAgreement(stretch: Pick<Stretch, "total" | "byTag">): number {
  if (stretch.total === 0) return 0;
  return Math.max(...TAGS.map((tag) => stretch.byTag[tag])) / stretch.total;
}
