/**
 * What planning an import costs: a Hypothesis export of 2,000 highlights on the Kidal article,
 * as the browser extension would have made them on the publisher's page, so positions are off
 * by the page's extra text, quotes are straight where the article's are curly, and one in ten
 * has its whitespace changed. Quotes run from one word to a sentence, so short ones ("Kidal")
 * recur and must be told apart by context. Parsing and planning are timed separately, cold and
 * warm, in CPU and wall milliseconds. Prints one JSON line.
 *
 *   npx tsx bench/import-plan.ts
 */
import { parseImportFile } from "@/lib/annotations/import/parse-import-file.ts";
import { planImport } from "@/lib/annotations/import/plan-import.ts";
import { normalizeForMatching } from "@/lib/annotations/import/normalize-for-matching.ts";
import { DEFAULT_VOCABULARY } from "@/lib/vocabulary/default-vocabulary.ts";
import { kidalText } from "@/test/fixtures/import/fixtures.ts";

const HIGHLIGHTS = 2_000;
/** Characters the publisher's page shows before the article body (menu, headline, byline). */
const PAGE_OFFSET = 57;
const TAGS = [["Propaganda", "loaded language"], ["sourcing", "Anonymous source"], ["context"], ["my-own-tag"]];

function random(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

export function hypothesisFile(text: string, count = HIGHLIGHTS) {
  const next = random(11);
  const wordStarts = [...text.matchAll(/(?<=^|\s)\S/g)].map((match) => match.index);
  const annotations = Array.from({ length: count }, (_, index) => {
    const first = Math.floor(next() * (wordStarts.length - 30));
    const words = 1 + Math.floor(next() * next() * 25);
    const start = wordStarts[first]!;
    const end = wordStarts[first + words]! - 1;
    let exact = normalizeForMatching(text.slice(start, end));
    if (index % 10 === 0) exact = exact.replace(" ", "  ");
    return {
      id: `h-${index}`,
      created: "2026-10-20T10:00:00.000000+00:00",
      updated: "2026-10-20T10:00:00.000000+00:00",
      user: `acct:reader${index % 30}@hypothes.is`,
      uri: "https://www.rfi.fr/en/africa/20231115-malian-armed-forces-retake-kidal",
      text: index % 3 === 0 ? `Note ${index}: check this.` : "",
      tags: TAGS[index % TAGS.length],
      target: [
        {
          source: "https://www.rfi.fr/en/africa/20231115-malian-armed-forces-retake-kidal",
          selector: [
            { type: "TextPositionSelector", start: start + PAGE_OFFSET, end: end + PAGE_OFFSET },
            { type: "TextQuoteSelector", exact, prefix: normalizeForMatching(text.slice(Math.max(0, start - 32), start)), suffix: normalizeForMatching(text.slice(end, end + 32)) },
          ],
        },
      ],
    };
  });
  return { export_date: "2026-11-20T10:00:00.000Z", export_userid: "acct:reader0@hypothes.is", annotations };
}

/** CPU time (this process, user + system) and wall time: on a shared machine the wall time mostly measures the neighbours. */
function timeMs<T>(run: () => T): [{ cpu: number; wall: number }, T] {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(cpu);
  return [{ cpu: Math.round((used.user + used.system) / 1000), wall: Math.round(performance.now() - wall) }, result];
}

const text = kidalText();
const file = JSON.parse(JSON.stringify(hypothesisFile(text))) as unknown;
const [parseMs, parsed] = timeMs(() => parseImportFile(file));
const plan = () => planImport({ documentId: "bench", text, vocabulary: DEFAULT_VOCABULARY, parsed, existingIds: new Set(), now: 0 });
const [coldMs, report] = timeMs(() => plan().report);
const [warmMs] = timeMs(plan);
console.log(
  JSON.stringify({
    bench: "import-plan",
    highlights: HIGHLIGHTS,
    parseMs,
    planColdMs: coldMs,
    planWarmMs: warmMs,
    imported: report.imported,
    orphaned: report.orphaned.length,
  }),
);
