import { AppError } from "@/lib/errors.ts";
import type { ApiVerdict } from "./api-limiter.ts";

/** A refusal becomes RATE_LIMITED (429 with Retry-After through the API, a message in a form). */
export function assertAdmitted(verdict: ApiVerdict): void {
  if (!verdict.allowed) throw new AppError("RATE_LIMITED", verdict.message, undefined, verdict.retryAfterSeconds);
}
