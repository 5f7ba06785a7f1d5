// PDF and Word copies of a large annotated document: the demo article repeated to ~200 blocks,
// 2,000 highlights (a fifth of them overlapping the one before) and 2,000 comments (threads with
// replies). Renders each format a few times and prints one JSON line per format: wall time and
// this process's CPU time (user + system), which stays meaningful on a machine shared with other
// work, where wall time mostly measures the wait for a core.
//
//   npx tsx bench/export-pdf-docx.ts            BENCH_HIGHLIGHTS=4000 BENCH_RUNS=1 to vary
import fs from "node:fs";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article.ts";
import { demoArticlePath } from "@/lib/documents/seed-demo-document.ts";
import type { ExportComment, ExportHighlight, ExportModel } from "@/lib/export/export-model.ts";
import { fixtureExportModel } from "@/lib/export/fixture-model.ts";
import { renderDocx } from "@/lib/export/render-docx.ts";
import { renderPdf } from "@/lib/export/render-pdf.ts";

const HIGHLIGHTS = Number(process.env.BENCH_HIGHLIGHTS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const TAGS = [
  ["propaganda", "Propaganda"],
  ["sourcing", "Sourcing"],
  ["context", "Context"],
] as const;

function largeModel(): ExportModel {
  const base = fixtureExportModel();
  const article = parsePlainTextArticle(fs.readFileSync(demoArticlePath(), "utf8"));
  const blocks = Array.from({ length: 12 }, () => article.blocks).flat();
  const text = canonicalBodyText(blocks);
  const chars = Array.from(text);
  const people = Array.from({ length: 30 }, (_, i) => ({ id: `u${i}`, name: `Reader ${i + 1}` }));
  const step = Math.floor(chars.length / HIGHLIGHTS);
  const highlights: ExportHighlight[] = [];
  for (let i = 0; i < HIGHLIGHTS; i++) {
    // Every fifth highlight starts inside the previous one, so ranges overlap.
    const start = i * step + (i % 5 === 4 ? -Math.floor(step / 2) : 0);
    const end = Math.min(chars.length, start + Math.floor(step * 0.8));
    const [tag, tagName] = TAGS[i % 3]!;
    const author = people[i % people.length]!;
    const created = new Date(Date.UTC(2026, 10, 1, 0, i));
    // One comment per highlight on average: 60% one, 20% two (a reply), 20% none.
    const count = i % 5 < 3 ? 1 : i % 5 === 3 ? 2 : 0;
    const comments: ExportComment[] = Array.from({ length: count }, (_, k) => ({
      id: `c${i}-${k}`,
      parentId: k === 0 ? null : `c${i}-0`,
      author: people[(i + k + 1) % people.length]!,
      body: k === 0 ? `Is this *loaded*? See [the report](https://example.org/${i}) @[Reader 2](user:u1)` : "Agreed — «nuance» matters: “quoted” text here.",
      createdAt: created,
      updatedAt: created,
    }));
    highlights.push({
      number: i + 1,
      id: `h${i}`,
      start,
      end,
      exact: chars.slice(start, end).join(""),
      prefix: "",
      suffix: "",
      tag,
      tagName,
      label: null,
      author,
      createdAt: created,
      updatedAt: created,
      resolved: i % 7 === 0,
      resolvedBy: i % 7 === 0 ? author : null,
      resolvedAt: i % 7 === 0 ? created : null,
      comments,
    });
  }
  const legend = TAGS.map(([tag, tagName]) => {
    const count = highlights.filter((h) => h.tag === tag).length;
    return { tag, tagName, count, labels: [{ label: null, count }] };
  });
  return { ...base, document: { ...base.document, blocks }, text, highlights, legend };
}

const model = largeModel();
const comments = model.highlights.reduce((sum, h) => sum + h.comments.length, 0);
for (const [format, render] of [
  ["pdf", renderPdf],
  ["docx", renderDocx],
] as const) {
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    bytes = (await render(model)).length;
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  console.log(
    JSON.stringify({ format, highlights: model.highlights.length, comments, blocks: model.document.blocks.length, wallMs: times.map(Math.round), cpuMs: cpu.map(Math.round), bytes }),
  );
}
