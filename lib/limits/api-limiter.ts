import type { LimitsConfig } from "@/lib/env.ts";
import { credentialKey, type LimitVerdict, type RateLimits } from "./rate-limits.ts";

/** Ordinary requests, or the few that cost seconds of CPU each (imports, exports, URL imports). */
export type RequestWeight = "normal" | "heavy";

export type ApiRefusal = { allowed: false; retryAfterSeconds: number; message: string };
export type ApiVerdict = { allowed: true } | ApiRefusal;

export type ApiLimiter = {
  /**
   * Before anything is looked up: the address's request budget, and, for a request carrying a
   * Bearer token, whether the address has sent too many bad ones (then no lookup happens).
   */
  admitAddress(address: string, weight: RequestWeight, bearer: boolean): Promise<ApiVerdict>;
  /** Once the caller is known: the budget of that account or participant, from any address. */
  admitCaller(credential: string, weight: RequestWeight): Promise<ApiVerdict>;
  /** A Bearer token was refused (unknown, revoked, malformed): counted against the address. */
  badToken(address: string): Promise<void>;
};

const MINUTE = 60;
const BAD_TOKEN_WINDOW_SECONDS = 15 * 60;

function refused(verdict: LimitVerdict, message: (seconds: number) => string): ApiVerdict {
  return verdict.allowed ? verdict : { ...verdict, message: message(verdict.retryAfterSeconds) };
}

/**
 * Limits on the REST API, per client address and per caller, on the deployment's rate limits
 * (shared through Redis when set). The address budgets are sized for a school, where a whole
 * year group reaches the server from one public address; the caller budgets for one person or
 * one script. A heavy request counts in both its own budget and the ordinary one.
 */
export function createApiLimiter(rateLimits: RateLimits, limits: LimitsConfig): ApiLimiter {
  const perAddress = rateLimits.budget("api-address", limits.apiPerAddress, MINUTE);
  const perCredential = rateLimits.budget("api-credential", limits.apiPerCredential, MINUTE);
  const heavyPerAddress = rateLimits.budget("api-heavy-address", limits.heavyPerAddress, MINUTE);
  const heavyPerCredential = rateLimits.budget("api-heavy-credential", limits.heavyPerCredential, MINUTE);
  const badTokens = rateLimits.budget("api-bad-token", limits.badTokensPerAddress, BAD_TOKEN_WINDOW_SECONDS);

  return {
    async admitAddress(address, weight, bearer) {
      if (bearer) {
        const guessing = await badTokens.check(address);
        if (!guessing.allowed) return refused(guessing, (seconds) => `Too many refused API tokens from your network. Try again in ${seconds} s.`);
      }
      const network = (seconds: number) => `Too many requests from your network just now. Try again in ${seconds} s.`;
      if (weight === "heavy") {
        const heavy = await heavyPerAddress.consume(address);
        if (!heavy.allowed) return refused(heavy, (seconds) => `Too many imports and exports from your network just now. Try again in ${seconds} s.`);
      }
      return refused(await perAddress.consume(address), network);
    },
    async admitCaller(credential, weight) {
      const key = credentialKey(credential);
      if (weight === "heavy") {
        const heavy = await heavyPerCredential.consume(key);
        if (!heavy.allowed) return refused(heavy, (seconds) => `Too many imports and exports with your account just now. Try again in ${seconds} s.`);
      }
      return refused(await perCredential.consume(key), (seconds) => `Too many requests with your account just now. Try again in ${seconds} s.`);
    },
    badToken: (address) => badTokens.penalty(address),
  };
}
