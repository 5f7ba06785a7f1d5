/** A half-open range [start, end) of code points. */
export type Range = { start: number; end: number };

/**
 * The union of `ranges` as sorted, disjoint ranges; empty ranges vanish, ranges that only touch stay apart.
 * Scoring merges each side's same-label spans first: the SemEval scorer sums over every pair,
 * so one passage highlighted twice would otherwise earn its credit twice and push precision
 * (or, on the key's side, recall) above 1.
 */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter((range) => range.end > range.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start < last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ start: range.start, end: range.end });
  }
  return merged;
}

/** |a ∩ b| in code points. */
export function overlapLength(a: Range, b: Range): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/**
 * Σ_{s∈from} Σ_{t∈against} |s∩t| / |s|: the partial credit `from` earns against `against`,
 * the numerator of precision when `from` is the answer and of recall when it is the key.
 * Both lists are merged (disjoint, sorted), so this is one sweep.
 */
export function partialCredit(from: readonly Range[], against: readonly Range[]): number {
  let credit = 0;
  let first = 0;
  for (const span of from) {
    while (first < against.length && against[first]!.end <= span.start) first += 1;
    let covered = 0;
    for (let index = first; index < against.length && against[index]!.start < span.end; index += 1) {
      covered += overlapLength(span, against[index]!);
    }
    credit += covered / (span.end - span.start);
  }
  return credit;
}
