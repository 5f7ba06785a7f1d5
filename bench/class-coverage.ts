/**
 * What the teacher's dashboard pays to recompute its heatmap and scores: 150 students × 30
 * highlights on an article of 6,000 code points. Students highlight the same few dozen
 * passages with their own boundaries (as a class does), so stretches are many and short and
 * each is covered by dozens of students: the expensive case for `classCoverage`. Scoring is
 * the same class against a 15-highlight key. Each is run cold once, then warm 21 times (minimum and median),
 * in CPU and wall milliseconds. Prints one JSON line.
 *
 *   npx tsx bench/class-coverage.ts
 */
import { classCoverage, stretchAgreement, type CoverageEntry } from "@/lib/classroom/coverage.ts";
import { sessionResults, type ScoredSpan } from "@/lib/classroom/scoring/index.ts";
import { TAGS } from "@/lib/realtime/doc-schema.ts";

/** `npx tsx bench/class-coverage.ts 30` for a usual class; 150 is the most a session admits. */
const STUDENTS = Number(process.argv[2] ?? 150);
const HIGHLIGHTS_EACH = 30;
const TEXT_LENGTH = 6_000;
const PASSAGES = 40;
const TECHNIQUES = ["loaded-language", "name-calling", "appeal-to-fear", "doubt", "exaggeration-minimization", null];

function random(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const next = random(7);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const passages = Array.from({ length: PASSAGES }, () => {
  const start = Math.floor(next() * (TEXT_LENGTH - 200));
  return { start, end: start + 20 + Math.floor(next() * 150) };
});
const jitter = () => Math.floor((next() - 0.5) * 30);

function span(passage: { start: number; end: number }): ScoredSpan {
  const tag = pick(TAGS);
  const start = Math.max(0, passage.start + jitter());
  return { start, end: Math.max(start + 1, passage.end + jitter()), tag, technique: tag === "propaganda" ? pick(TECHNIQUES) : null };
}

const students = Array.from({ length: STUDENTS }, (_, index) => ({
  participantId: `student-${index}`,
  name: `Student ${index}`,
  spans: Array.from({ length: HIGHLIGHTS_EACH }, () => span(pick(passages))),
}));
const key = passages.slice(0, 15).map(span);
const entries: CoverageEntry[] = students.flatMap((student) => student.spans.map((each) => ({ participantId: student.participantId, ...each })));

function timeMs<T>(run: () => T): [{ cpu: number; wall: number }, T] {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(cpu);
  return [{ cpu: (used.user + used.system) / 1000, wall: performance.now() - wall }, result];
}

function measure<T>(run: () => T) {
  const [cold, result] = timeMs(run);
  const warm = Array.from({ length: 21 }, () => timeMs(run)[0]).sort((a, b) => a.wall - b.wall);
  const round = (value: number) => Math.round(value * 100) / 100;
  const figures = (time: { cpu: number; wall: number }) => ({ cpu: round(time.cpu), wall: round(time.wall) });
  // The minimum is the cost of the work itself; the median adds what the neighbours took on a shared machine.
  return { result, coldMs: figures(cold), warmMinMs: figures(warm[0]!), warmMedianMs: figures(warm[10]!) };
}

const coverage = measure(() => classCoverage(TEXT_LENGTH, entries).map((stretch) => stretchAgreement(stretch)));
const scoring = measure(() => sessionResults(key, students));
const stretches = classCoverage(TEXT_LENGTH, entries);
console.log(
  JSON.stringify({
    bench: "class-coverage",
    students: STUDENTS,
    highlights: entries.length,
    textLength: TEXT_LENGTH,
    stretches: stretches.length,
    maxCoverage: Math.max(...stretches.map((stretch) => stretch.total)),
    marksListed: stretches.reduce((sum, stretch) => sum + stretch.participants.length, 0),
    coverage: { coldMs: coverage.coldMs, warmMinMs: coverage.warmMinMs, warmMedianMs: coverage.warmMedianMs },
    scoring: { coldMs: scoring.coldMs, warmMinMs: scoring.warmMinMs, warmMedianMs: scoring.warmMedianMs },
  }),
);
