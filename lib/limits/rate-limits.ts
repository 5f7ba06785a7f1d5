import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { Counter, Registry } from "prom-client";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "@/lib/logger.ts";

/** A verdict, not an error: code inside Next.js has its own copy of AppError (modules load twice), so callers raise it. */
export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** `points` per `durationSeconds` for each key (an address, a credential digest). */
export type Budget = {
  readonly name: string;
  /** Counts `points` against the key; refuses (and counts the refusal) once it is over. */
  consume(key: string, points?: number): Promise<LimitVerdict>;
  /** Whether the key is over budget, without counting anything. */
  check(key: string): Promise<LimitVerdict>;
  /** Counts against the key without asking (a failure seen after the fact). */
  penalty(key: string, points?: number): Promise<void>;
};

export type RateLimits = {
  /** A budget named for its Redis keys and its metric label. `points` 0 means no limit. */
  budget(name: string, points: number, durationSeconds: number): Budget;
  /** Resolves once counts go to Redis (at once without it); before, this process counts alone. */
  shared(): Promise<void>;
  /** Prometheus text of the refusals counted so far, by budget. */
  metricsText(): Promise<string>;
  close(): Promise<void>;
};

export type RateLimitsOptions = {
  logger: Logger;
  /** Shared by every process of a deployment; unset, each process counts alone. */
  redisUrl?: string | undefined;
  /** Keys in Redis start with it: tests use one of their own so they never touch others' counts. */
  keyPrefix?: string;
};

const ALLOWED: LimitVerdict = { allowed: true };

/** Credentials are counted by digest: the limiter's keys (and Redis) never hold a usable token. */
export function credentialKey(credential: string): string {
  return createHash("sha256").update(credential).digest("base64url").slice(0, 22);
}

function refusal(result: RateLimiterRes): LimitVerdict {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
}

const unlimited = (name: string): Budget => ({ name, consume: async () => ALLOWED, check: async () => ALLOWED, penalty: async () => {} });

/**
 * The one home of rate limits (REST API, join codes, realtime upgrades), through
 * rate-limiter-flexible: in Redis when several processes serve one deployment, with an
 * in-memory insurance limiter so a Redis outage never refuses what the limits allow (each
 * process then counts alone until Redis is back), else in memory. Counts expire with their
 * window, so no address is remembered longer. One Redis connection serves every budget.
 */
export function createRateLimits(options: RateLimitsOptions): RateLimits {
  const prefix = options.keyPrefix ?? "marginalia:limits";
  const redis = options.redisUrl
    ? // No offline queue: while Redis is away a check fails at once and the insurance answers,
      // rather than requests waiting on a reconnect.
      new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  redis?.on("error", (error: unknown) => options.logger.warn({ err: error }, "redis problem in the rate limits; counting in memory meanwhile"));
  const registry = new Registry();
  const refusals = new Counter({ name: "marginalia_rate_limit_refusals_total", help: "Requests and connections refused by a rate limit, by limit.", labelNames: ["limit"], registers: [registry] });

  function limiter(name: string, points: number, duration: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration });
    if (!redis) return memory;
    return new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:${name}`, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory });
  }

  return {
    budget(name, points, durationSeconds) {
      if (points <= 0) return unlimited(name);
      const counts = limiter(name, points, durationSeconds);
      refusals.inc({ limit: name }, 0);
      const refuse = (result: RateLimiterRes) => {
        refusals.inc({ limit: name });
        return refusal(result);
      };
      return {
        name,
        async consume(key, cost = 1) {
          try {
            await counts.consume(key, cost);
            return ALLOWED;
          } catch (result) {
            if (result instanceof RateLimiterRes) return refuse(result);
            throw result;
          }
        },
        async check(key) {
          // Redis unreachable and no insurance for reads: an unknown count does not refuse anyone.
          const seen = await counts.get(key).catch(() => null);
          return seen && seen.consumedPoints >= points ? refuse(seen) : ALLOWED;
        },
        async penalty(key, cost = 1) {
          await counts.penalty(key, cost).catch((error: unknown) => options.logger.warn({ err: error, limit: name }, "could not count against a rate limit"));
        },
      };
    },
    shared: () =>
      new Promise<void>((resolve) => {
        if (!redis || redis.status === "ready") resolve();
        else redis.once("ready", () => resolve());
      }),
    metricsText: () => registry.metrics(),
    async close() {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
