import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "@/lib/logger.ts";

export type UpgradeLimits = {
  /**
   * Connection attempts per minute from one client address. A whole school often shares one
   * public address: 150 students joining at once, and all of them reconnecting after a
   * restart, must fit with room to spare, so this is generous; it stops a single machine
   * opening sockets without end.
   */
  connectionsPerMinutePerAddress: number;
  /**
   * Connection attempts per minute with one credential (token or session cookie), from any
   * address: what one person with a few tabs never reaches, and what a script replaying one
   * stolen credential from many addresses hits at once.
   */
  connectionsPerMinutePerCredential: number;
};

export const DEFAULT_UPGRADE_LIMITS: UpgradeLimits = {
  connectionsPerMinutePerAddress: 600,
  connectionsPerMinutePerCredential: 60,
};

export type UpgradeVerdict = { allowed: true } | { allowed: false; scope: "address" | "credential"; retryAfterSeconds: number };

export type UpgradeLimiter = {
  /** Counts one connection attempt; refuses it when the address or the credential is over budget. */
  consume(address: string, credential: string | null): Promise<UpgradeVerdict>;
  /** Resolves once counts go to Redis (at once without it); before, this process counts alone. */
  shared(): Promise<void>;
  close(): Promise<void>;
};

export type UpgradeLimiterOptions = {
  limits: UpgradeLimits;
  logger: Logger;
  /** Shared by every process of a deployment; unset, each process counts alone. */
  redisUrl?: string | undefined;
  /** Keys in Redis start with it: tests use one of their own so they never touch others' counts. */
  keyPrefix?: string;
};

const MINUTE_SECONDS = 60;

/** Credentials are counted by digest: the limiter's keys (and Redis) never hold a usable token. */
function credentialKey(credential: string): string {
  return createHash("sha256").update(credential).digest("base64url").slice(0, 22);
}

/**
 * Connection rate limits for realtime upgrades, checked before any database work, through
 * rate-limiter-flexible: in memory, or in Redis when several processes serve one deployment
 * (with the in-memory limiter as insurance, so a Redis outage never refuses connections that
 * the limits would allow). Counts expire with their window, so no address is remembered longer.
 */
export function createUpgradeLimiter(options: UpgradeLimiterOptions): UpgradeLimiter {
  const prefix = options.keyPrefix ?? "marginalia:realtime-limits";
  const redis = options.redisUrl
    ? // No offline queue: while Redis is away a check fails at once and the insurance answers,
      // rather than upgrades waiting on a reconnect.
      new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  redis?.on("error", (error: unknown) => options.logger.warn({ err: error }, "redis problem in the connection limits; counting in memory meanwhile"));

  function limiter(name: string, points: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration: MINUTE_SECONDS });
    if (!redis) return memory;
    return new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:${name}`, points, duration: MINUTE_SECONDS, rejectIfRedisNotReady: true, insuranceLimiter: memory });
  }
  const byAddress = limiter("address", options.limits.connectionsPerMinutePerAddress);
  const byCredential = limiter("credential", options.limits.connectionsPerMinutePerCredential);

  async function take(scope: "address" | "credential", limiter: RateLimiterAbstract, key: string): Promise<UpgradeVerdict> {
    try {
      await limiter.consume(key);
      return { allowed: true };
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) throw result;
      return { allowed: false, scope, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
    }
  }

  return {
    async consume(address, credential) {
      const verdict = await take("address", byAddress, address);
      if (!verdict.allowed || credential === null) return verdict;
      return take("credential", byCredential, credentialKey(credential));
    },
    shared: () =>
      new Promise<void>((resolve) => {
        if (!redis || redis.status === "ready") resolve();
        else redis.once("ready", () => resolve());
      }),
    async close() {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
