import type fc from "fast-check";

/*
 * How many cases each fuzz property runs, and from which seed. The default vitest run (CI) uses
 * a fixed seed and few runs, so it is deterministic and fast; `npm run fuzz` sets FUZZ_MODE=long,
 * which multiplies the runs (FUZZ_RUNS_FACTOR, default 50) and draws a fresh seed that is
 * printed. A failure prints its seed and path: FUZZ_SEED=<seed> FUZZ_PATH=<path> replays exactly
 * that case (see docs/security.md, "Fuzzing"). Tests read the environment here, not lib/env.ts,
 * because these knobs belong to the test runner, not to the app.
 */
const CI_SEED = 20261130;

const long = process.env.FUZZ_MODE === "long";
const factor = long ? Number(process.env.FUZZ_RUNS_FACTOR ?? 50) : 1;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : long ? Math.floor(Math.random() * 2 ** 31) : CI_SEED;
const path = process.env.FUZZ_PATH || undefined;

if (long) console.log(`fuzz: long mode, ${factor}x runs, seed ${seed} (replay with FUZZ_SEED=${seed})`);

export const fuzzMode = { long, factor, seed };

/** Parameters for fc.assert: `ciRuns` cases in CI, `ciRuns * factor` in long mode, always seeded. */
export function fuzzParameters<T>(ciRuns: number): fc.Parameters<T> {
  return { seed, path, numRuns: Math.max(1, Math.round(ciRuns * factor)), endOnFailure: true };
}

/** Total cases run per target in this process, printed at the end of each fuzz file for the report. */
export const casesRun = new Map<string, number>();

export function countCase(target: string): void {
  casesRun.set(target, (casesRun.get(target) ?? 0) + 1);
}

export function printCasesRun(file: string): void {
  const parts = [...casesRun].map(([target, count]) => `${target}=${count}`).join(" ");
  console.log(`fuzz cases (${file}, seed ${seed}): ${parts}`);
}
