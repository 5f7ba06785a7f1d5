import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "@/lib/logger.ts";

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
  close(): Promise<void>;
};

export type JoinLimiterOptions = {
  limits?: JoinLimits;
  logger: Logger;
  /** Shared by every process of a deployment; unset, each process counts alone. */
  redisUrl?: string | undefined;
  keyPrefix?: string;
};

function refusal(result: RateLimiterRes, reason: "wrong-codes" | "joins"): JoinVerdict {
  return { allowed: false, reason, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
}

/**
 * Limits on POST /sessions/join per client address, through rate-limiter-flexible: in Redis
 * when several processes serve one deployment (with an in-memory insurance limiter, so a Redis
 * outage never stops a class joining), else in memory. Wrong codes are counted apart from
 * joins, so a class joining with the right code never uses up the budget against guessing.
 */
export function createJoinLimiter(options: JoinLimiterOptions): JoinLimiter {
  const limits = options.limits ?? DEFAULT_JOIN_LIMITS;
  const prefix = options.keyPrefix ?? "marginalia:join-limits";
  const redis = options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  redis?.on("error", (error: unknown) => options.logger.warn({ err: error }, "redis problem in the join limits; counting in memory meanwhile"));

  function limiter(name: string, points: number, duration: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration });
    if (!redis) return memory;
    return new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:${name}`, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory });
  }
  const joins = limiter("joins", limits.joinsPerMinutePerAddress, 60);
  const wrongCodes = limiter("wrong-codes", limits.wrongCodesPerAddress, limits.wrongCodeWindowSeconds);

  return {
    async admit(address) {
      const guessed = await wrongCodes.get(address).catch(() => null);
      if (guessed && guessed.consumedPoints >= limits.wrongCodesPerAddress) return refusal(guessed, "wrong-codes");
      try {
        await joins.consume(address);
        return { allowed: true };
      } catch (result) {
        if (result instanceof RateLimiterRes) return refusal(result, "joins");
        throw result;
      }
    },
    async wrongCode(address) {
      await wrongCodes.penalty(address, 1).catch((error: unknown) => options.logger.warn({ err: error }, "could not count a wrong join code"));
    },
    async close() {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
