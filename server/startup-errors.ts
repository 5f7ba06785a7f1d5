import { BackupError } from "@/lib/db/backup/write-backup.ts";
import { RestoreError } from "@/lib/db/backup/restore-backup.ts";
import { DataDirLockedError } from "@/lib/db/data-dir-lock.ts";
import { MigrationError } from "@/lib/db/migrate.ts";
import { ConfigError } from "@/lib/env.ts";
import { AppError } from "@/lib/errors.ts";
import { MissingBuildError } from "./create-app-server.ts";

const EXPECTED = [ConfigError, MigrationError, DataDirLockedError, MissingBuildError, AppError, BackupError, RestoreError];

/** Errors an operator can fix read as one clear sentence; anything else keeps its stack. */
export function describeStartupError(error: unknown): string {
  if (EXPECTED.some((kind) => error instanceof kind)) return `Marginalia could not start: ${(error as Error).message}`;
  if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
    return `Marginalia could not start: the port is already in use (${error.message}). Set PORT to a free port.`;
  }
  return `Marginalia could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
