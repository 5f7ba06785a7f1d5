import type { Actor } from "@/lib/workspaces/require-access.ts";
import type { ApiLimiter } from "./api-limiter.ts";
import { assertAdmitted } from "./assert-admitted.ts";

/**
 * A server action that costs what a heavy API request costs (an article fetched from a URL, a
 * file converted) counts in the same budgets, so the form is no way around the API's limits.
 */
export async function admitHeavyAction(limiter: ApiLimiter, address: string | null, actor: Actor): Promise<void> {
  assertAdmitted(await limiter.admitAddress(address ?? "unknown", "heavy", false));
  assertAdmitted(await limiter.admitCaller(`user:${actor.userId}`, "heavy"));
}
