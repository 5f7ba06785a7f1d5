import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type CorpusEntry = { name: string; bytes: Buffer };

const root = fileURLToPath(new URL("corpus", import.meta.url));

/**
 * The seeded corpus of one fuzz target: inputs that once broke something (regressions, named
 * for the bug) or that reach deep into a parser. Every entry runs on every run, CI included.
 */
export function readCorpus(target: string): CorpusEntry[] {
  const folder = path.join(root, target);
  return fs
    .readdirSync(folder)
    .filter((name) => !name.startsWith("."))
    .sort()
    .map((name) => ({ name, bytes: fs.readFileSync(path.join(folder, name)) }));
}
