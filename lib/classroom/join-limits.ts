import type { RateLimits } from "@/lib/limits/rate-limits.ts";

export type JoinLimits = {
  /**
   * Wrong codes from one client address per window. A class of 30 behind one school address
   * mistyping a code or two each stays under it; a script guessing codes (22^6 of them) gets
   * 20 tries every 5 minutes, not enough to find a running session.
   */
  wrongCodesPerAddress: number;
  wrongCodeWindowSeconds: number;
  /**
   * Join attempts of any kind from one address per minute: a flood stopper only. 150 students
   * behind one address joining at once (and some twice, after a reload) pass with room to spare.
   */
  joinsPerMinutePerAddress: number;
};

export const DEFAULT_JOIN_LIMITS: JoinLimits = { wrongCodesPerAddress: 20, wrongCodeWindowSeconds: 5 * 60, joinsPerMinutePerAddress: 600 };

/**
 * A verdict, not an error: the limiter is created by the server process, and code inside Next.js
 * has its own copy of AppError (modules are loaded twice), so the domain function raises it.
 */
export type JoinVerdict = { allowed: true } | { allowed: false; reason: "wrong-codes" | "joins"; retryAfterSeconds: number };

export type JoinLimiter = {
  /** Counts one join attempt; refuses it while the address is over either budget. */
  admit(address: string): Promise<JoinVerdict>;
  /** Counts a wrong code against the address. */
  wrongCode(address: string): Promise<void>;
};

/**
 * Limits on POST /sessions/join per client address (lib/limits/rate-limits.ts: in Redis when
 * set, so every process counts together). Wrong codes are counted apart from joins, so a class
 * joining with the right code never uses up the budget against guessing.
 */
export function createJoinLimiter(rateLimits: RateLimits, limits: JoinLimits = DEFAULT_JOIN_LIMITS): JoinLimiter {
  const joins = rateLimits.budget("join", limits.joinsPerMinutePerAddress, 60);
  const wrongCodes = rateLimits.budget("join-wrong-code", limits.wrongCodesPerAddress, limits.wrongCodeWindowSeconds);
  return {
    async admit(address) {
      const guessed = await wrongCodes.check(address);
      if (!guessed.allowed) return { ...guessed, reason: "wrong-codes" };
      const verdict = await joins.consume(address);
      return verdict.allowed ? verdict : { ...verdict, reason: "joins" };
    },
    wrongCode: (address) => wrongCodes.penalty(address),
  };
}
