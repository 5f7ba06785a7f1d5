import type { ExportPerson } from "./export-model.ts";

/** One thing a person did in the document, and when (ms since the epoch). */
export type Contribution = { userId: string; at: number };

/**
 * Pseudonyms "Reader 1..N" numbered by each person's first contribution to the document, so the
 * same class gets the same numbers in every export of the same state, whatever the filters.
 * People who never contributed (someone only mentioned, an exporter who only read) come after,
 * in the order given. The opaque id ("reader-3") replaces the user id everywhere, IRIs included.
 */
export function assignPseudonyms(contributions: readonly Contribution[], others: readonly string[]): Map<string, ExportPerson> {
  const first = new Map<string, number>();
  for (const { userId, at } of contributions) {
    const seen = first.get(userId);
    if (seen === undefined || at < seen) first.set(userId, at);
  }
  const ordered = [...first.entries()].sort(([a, at], [b, bt]) => at - bt || (a < b ? -1 : a > b ? 1 : 0)).map(([userId]) => userId);
  for (const userId of others) if (!first.has(userId) && !ordered.includes(userId)) ordered.push(userId);
  return new Map(ordered.map((userId, index) => [userId, { id: `reader-${index + 1}`, name: `Reader ${index + 1}` }]));
}
