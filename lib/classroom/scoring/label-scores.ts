import type { PRF } from "./types.ts";
import { mergeRanges, partialCredit, type Range } from "./span-overlap.ts";

/**
 * The sums behind one PRF, kept apart so that a class's pooled (micro) score adds the sums
 * of its students before dividing. precisionCredit = Σ_s Σ_t C(s,t,|s|), recallCredit =
 * Σ_t Σ_s C(s,t,|t|), over spans whose labels match.
 */
export type CreditSums = { precisionCredit: number; answerSpans: number; recallCredit: number; keySpans: number };

export const NO_CREDIT: CreditSums = { precisionCredit: 0, answerSpans: 0, recallCredit: 0, keySpans: 0 };

/** Credit sums of an answer against a key for one label: both sides merged first. */
export function labelCredit(answer: readonly Range[], key: readonly Range[]): CreditSums {
  const answerSpans = mergeRanges(answer);
  const keySpans = mergeRanges(key);
  return {
    precisionCredit: partialCredit(answerSpans, keySpans),
    answerSpans: answerSpans.length,
    recallCredit: partialCredit(keySpans, answerSpans),
    keySpans: keySpans.length,
  };
}

export function addCredit(a: CreditSums, b: CreditSums): CreditSums {
  return {
    precisionCredit: a.precisionCredit + b.precisionCredit,
    answerSpans: a.answerSpans + b.answerSpans,
    recallCredit: a.recallCredit + b.recallCredit,
    keySpans: a.keySpans + b.keySpans,
  };
}

/**
 * P = precisionCredit / |S|, R = recallCredit / |T|, F1 = 2PR / (P + R), with the edge cases
 * of docs/classroom.md: no answer spans → P = 0; no key spans → R = 0; F1 = 0 when P + R = 0;
 * and when both sides are empty (nothing to find, nothing found) P = R = F1 = 1.
 */
export function toPRF(sums: CreditSums): PRF {
  const { answerSpans, keySpans } = sums;
  if (answerSpans === 0 && keySpans === 0) return { precision: 1, recall: 1, f1: 1, answerSpans, keySpans };
  const precision = answerSpans === 0 ? 0 : sums.precisionCredit / answerSpans;
  const recall = keySpans === 0 ? 0 : sums.recallCredit / keySpans;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, answerSpans, keySpans };
}
