import { BlockList, isIP } from "node:net";

/**
 * The proxies whose `X-Forwarded-For` is believed, from `TRUSTED_PROXIES`: addresses or CIDR
 * ranges, IPv4 and IPv6, comma-separated. Node's own `BlockList` does the matching, so a range
 * like `10.0.0.0/8` or `fd00::/8` is checked the way the kernel would, not by string prefix.
 */
export type TrustedProxies = {
  /** Whether a peer address (as a socket reports it, IPv4-mapped or not) is a trusted proxy. */
  has(address: string): boolean;
  /** The entries as configured, for logs and docs. */
  readonly entries: readonly string[];
};

/** Why one entry of the list is not an address or a range; null when it is one. */
export function trustedProxyProblem(entry: string): string | null {
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return `"${entry}" is not an IP address or a CIDR range (e.g. 10.0.0.0/8, fd00::/8)`;
  if (prefix === undefined) return null;
  const bits = Number(prefix);
  const max = version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || bits > max) return `"${entry}": the prefix length must be 0 to ${max}`;
  return null;
}

/** A socket reports an IPv4 client of a dual-stack server as `::ffff:a.b.c.d`; compare it as IPv4. */
export function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Builds the matcher from entries that `trustedProxyProblem` accepted (lib/env.ts checks them). */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const problem = trustedProxyProblem(entry);
    if (problem) throw new Error(problem);
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    entries: [...entries],
    has(address) {
      const plain = plainAddress(address);
      const version = isIP(plain);
      return version !== 0 && entries.length > 0 && list.check(plain, version === 4 ? "ipv4" : "ipv6");
    },
  };
}
