import { AppError } from "@/lib/errors.ts";

/** PostgreSQL's SQLSTATE for "disk full" (e.g. `could not extend file ...: No space left on device`). */
const DISK_FULL = "53100";

type Cause = { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };

/**
 * True when a write failed because the database's storage is full, however the driver wraps it:
 * PGlite and node-postgres carry the SQLSTATE as `code`, Prisma's driver adapters pass it on as
 * `cause.originalCode` or inside `meta.driverAdapterError`, and a file write fails with ENOSPC.
 */
export function isStorageFull(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== "object" || next === null || seen.has(next)) continue;
    seen.add(next);
    const candidate = next as Cause;
    if (candidate.code === DISK_FULL || candidate.originalCode === DISK_FULL || candidate.code === "ENOSPC") return true;
    if (typeof candidate.message === "string" && /No space left on device/i.test(candidate.message)) return true;
    pending.push(candidate.cause, candidate.meta?.driverAdapterError);
  }
  return false;
}

/** What a refused write answers while storage is full: nothing was saved, reads still work. */
export function storageFullError(): AppError {
  return new AppError("INSUFFICIENT_STORAGE", "The server's storage is full, so nothing was saved. Reading still works; try again once an administrator has freed space.");
}
