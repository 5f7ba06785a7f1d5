import { credentialKey, type RateLimits } from "@/lib/limits/rate-limits.ts";

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
};

/**
 * Connection rate limits for realtime upgrades, checked before any database work, on the
 * deployment's rate limits (lib/limits/rate-limits.ts: in Redis when set).
 */
export function createUpgradeLimiter(rateLimits: RateLimits, limits: UpgradeLimits): UpgradeLimiter {
  const byAddress = rateLimits.budget("realtime-address", limits.connectionsPerMinutePerAddress, 60);
  const byCredential = rateLimits.budget("realtime-credential", limits.connectionsPerMinutePerCredential, 60);
  return {
    async consume(address, credential) {
      const verdict = await byAddress.consume(address);
      if (!verdict.allowed) return { ...verdict, scope: "address" };
      if (credential === null) return verdict;
      const own = await byCredential.consume(credentialKey(credential));
      return own.allowed ? own : { ...own, scope: "credential" };
    },
  };
}
