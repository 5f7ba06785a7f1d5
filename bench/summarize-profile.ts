/**
 * Sums a .cpuprofile's self time per file (or package) and per function, optionally over a time
 * window only (seconds from the profile's start), so the writing window of a benchmark can be
 * read apart from the process's start and its clients' connecting:
 *
 *   npx tsx bench/summarize-profile.ts bench/profiles/<file>.cpuprofile [--from=10] [--to=30] [--top=25]
 */
import fs from "node:fs";
import { z } from "zod";

const profileSchema = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }) })),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

const args = z
  .object({ file: z.string().min(1), from: z.coerce.number().min(0).default(0), to: z.coerce.number().positive().default(Infinity), top: z.coerce.number().int().positive().default(25) })
  .parse({
    file: process.argv.slice(2).find((arg) => !arg.startsWith("--")),
    ...Object.fromEntries(process.argv.slice(2).flatMap((arg) => (arg.startsWith("--") ? [arg.slice(2).split("=")] : []))),
  });

const profile = profileSchema.parse(JSON.parse(fs.readFileSync(args.file, "utf8")));
const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
const byFile = new Map<string, number>();
const byFunction = new Map<string, number>();
let elapsed = 0;
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  elapsed += delta;
  if (elapsed / 1e6 < args.from || elapsed / 1e6 >= args.to) return;
  const frame = frames.get(id)!;
  // Dependencies are summed per package, our own code per file.
  const url = frame.url || "(native)";
  const file = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? url.replace(/^file:\/\/.*?\/(?=(?:server|lib|app|bench)\/)/, "");
  total += delta;
  byFile.set(file, (byFile.get(file) ?? 0) + delta);
  const name = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
});

const table = (sums: Map<string, number>) =>
  [...sums]
    .sort((a, b) => b[1] - a[1])
    .slice(0, args.top)
    .map(([key, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}% ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`)
    .join("\n");

console.log(`${(total / 1000).toFixed(0)} ms sampled (idle included)\n\nBy file or package:\n${table(byFile)}\n\nBy function:\n${table(byFunction)}`);
