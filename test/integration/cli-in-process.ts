import { format } from "node:util";
import { vi } from "vitest";
import { readConfig } from "@/lib/env.ts";
import { runCli } from "@/server/cli/run-cli.ts";

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * An operator command as server/cli.ts runs it (same parsing, same error explanations, same
 * exit code), in this process: no tsx and no WASM PostgreSQL start per call. The environment
 * is the test's, with DATA_DIR and DATABASE_URL pointing at `storage`, as a child would get.
 * Not for commands beside a server this process runs: the CLI finds such a server by its pid.
 */
export async function runCliInProcess(storage: { dataDir: string; databaseUrl?: string }, ...argv: string[]): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts: unknown[]) => void stdout.push(`${format(...parts)}\n`));
  const error = vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void stderr.push(`${format(...parts)}\n`));
  try {
    const code = await runCli(argv, () => readConfig({ ...process.env, DATA_DIR: storage.dataDir, DATABASE_URL: storage.databaseUrl ?? "" }));
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
