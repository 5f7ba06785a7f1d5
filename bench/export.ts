/**
 * How long each export format takes on a busy document: the Kidal article with 2,000
 * highlights and 2,000 comments (a fifth of them replies, a fifth of the highlights resolved,
 * comments with mentions and markup), on the embedded database in a folder of its own. Times
 * the model build (database reads) and every renderer in the registry, so PDF and DOCX join
 * when they are registered. Prints one JSON line per measurement.
 *
 *   npx tsx bench/export.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { mentionToken } from "@/lib/comments/comment-markup.ts";
import { openDatabase } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { buildExportModel } from "@/lib/export/build-export-model.ts";
import { DEFAULT_EXPORT_OPTIONS } from "@/lib/export/export-model.ts";
import { EXPORT_RENDERERS } from "@/lib/export/formats.ts";
import { TAGS } from "@/lib/realtime/doc-schema.ts";
import { DEFAULT_VOCABULARY } from "@/lib/vocabulary/default-vocabulary.ts";

const HIGHLIGHTS = 2_000;
const COMMENTS = 2_000;
const RUNS = 5;

/** A deterministic pseudo-random sequence, so every run seeds the same highlights. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-bench-export-"));
const database = await openDatabase({ databaseUrl: undefined, dataDir });
try {
  await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()));
  const prisma = database.prisma;
  await seedDemoDocument(prisma);
  const owner = await signUp(prisma, { email: "bench-export@example.org", name: "Awa Traoré", password: "long enough password" });
  const document = await prisma.document.findFirstOrThrow({ where: { workspaceId: owner.workspaceId } });
  const text = canonicalBodyText(bodySchema.parse(document.body));
  const length = Array.from(text).length;
  const next = random(42);
  const now = Date.UTC(2026, 10, 30);
  const annotations = Array.from({ length: HIGHLIGHTS }, (_, index) => {
    const start = Math.floor(next() * (length - 60));
    const resolved = index % 5 === 0;
    const labels = DEFAULT_VOCABULARY[TAGS[index % 3]!];
    return {
      id: `h-${index}`,
      documentId: document.id,
      ...textQuoteAnchor(text, start, start + 3 + Math.floor(next() * 50)),
      tag: TAGS[index % 3]!,
      technique: index % 2 === 0 ? labels[index % labels.length]!.id : null,
      authorId: owner.userId,
      authorName: `Student ${index % 30}`,
      resolved,
      resolvedBy: resolved ? owner.userId : null,
      resolvedAt: resolved ? new Date(now + index) : null,
      createdAt: new Date(now + index),
      updatedAt: new Date(now + index),
    };
  });
  const comments = Array.from({ length: COMMENTS }, (_, index) => ({
    id: `c-${index}`,
    annotationId: `h-${index % HIGHLIGHTS}`,
    parentId: index >= 1_600 ? `c-${index - 1_600}` : null,
    authorId: owner.userId,
    authorName: `Student ${index % 30}`,
    body: `Comment ${index}: who says so, and **how** do we know? Ask ${mentionToken("Awa Traoré", owner.userId)} <script>x</script>`,
    deleted: false,
    createdAt: new Date(now + HIGHLIGHTS + index),
    updatedAt: new Date(now + HIGHLIGHTS + index),
  }));
  await prisma.annotation.createMany({ data: annotations });
  await prisma.annotationComment.createMany({ data: comments });

  const actor = { userId: owner.userId };
  const input = { documentId: document.id, origin: "http://localhost:3000", options: DEFAULT_EXPORT_OPTIONS };
  const builds: number[] = [];
  let model = (await time(() => buildExportModel(prisma, actor, input))).result; // warm-up
  for (let run = 0; run < RUNS; run += 1) {
    const { ms, result } = await time(() => buildExportModel(prisma, actor, input));
    builds.push(ms);
    model = result;
  }
  console.log(JSON.stringify({ bench: "export", step: "model", highlights: model.highlights.length, comments: COMMENTS, medianMs: Math.round(median(builds)) }));

  for (const [format, renderer] of Object.entries(EXPORT_RENDERERS)) {
    await renderer.render(model); // warm-up: first-call compilation is not what a reader waits for
    const runs: number[] = [];
    let bytes = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const { ms, result } = await time(() => renderer.render(model));
      runs.push(ms);
      bytes = typeof result === "string" ? Buffer.byteLength(result) : result.byteLength;
    }
    console.log(JSON.stringify({ bench: "export", step: "render", format, medianMs: Math.round(median(runs)), maxMs: Math.round(Math.max(...runs)), bytes }));
  }
} finally {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
