import { getAppContext } from "@/lib/app-context.ts";
import { isStorageFull, storageFullError } from "@/lib/db/storage-full.ts";
import { AppError } from "@/lib/errors.ts";
import { currentRequestId } from "@/lib/http/current-request-id.ts";

/** What a server action hands back to its form: success with data, or a message (and field) to show. */
export type ActionResult<Data = void> =
  | { ok: true; data: Data }
  | { ok: false; error: string; field?: string | undefined };

/**
 * Runs a domain call for a server action. AppErrors become messages for the form; anything
 * else is a bug, logged, and shown as a generic failure (never a stack trace).
 */
export async function toActionResult<Data>(work: () => Promise<Data>): Promise<ActionResult<Data>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message, field: error.field };
    // Next.js signals redirect()/notFound() with special errors that must propagate.
    if (error instanceof Error && "digest" in error && typeof error.digest === "string" && error.digest.startsWith("NEXT_")) throw error;
    if (isStorageFull(error)) {
      getAppContext().logger.error({ err: error, reqId: await currentRequestId() }, "storage is full: a write was refused");
      return { ok: false, error: storageFullError().message };
    }
    getAppContext().logger.error({ err: error, reqId: await currentRequestId() }, "server action failed");
    return { ok: false, error: "Something went wrong on our side. Try again in a moment." };
  }
}
