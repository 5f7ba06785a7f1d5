import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";

/**
 * The name servers the URL importer asks instead of the system's resolver (`IMPORT_DNS_SERVERS`):
 * for operators who want article fetches resolved by a filtering or split-horizon-free resolver,
 * and for the SSRF test, which points it at a DNS server of its own. Entries are what node's
 * `Resolver#setServers` takes: `9.9.9.9`, `9.9.9.9:53`, `2620:fe::fe`, `[2620:fe::fe]:53`.
 */

/** Why one entry is not a name server address; null when it is one. */
export function dnsServerProblem(entry: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  const withPort = /^([^:]+):(\d{1,5})$/.exec(entry);
  const [address, port] = bracketed ? [bracketed[1] ?? "", bracketed[2]] : withPort ? [withPort[1] ?? "", withPort[2]] : [entry, undefined];
  const version = isIP(address);
  if (version === 0 || (bracketed && version !== 6) || (withPort && version !== 4)) {
    return `"${entry}" is not a name server address (e.g. 9.9.9.9, 9.9.9.9:53, [2620:fe::fe]:53)`;
  }
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `"${entry}": the port must be 1 to 65535`;
  return null;
}

/**
 * A lookup for fetchArticlePage that sends real DNS queries (A and AAAA) to `servers` and
 * returns every address of both families: the importer checks them all, so a name with one
 * private address among public ones is refused. A family without records is not an error; a name
 * with neither fails with the resolver's own code (ENOTFOUND, ECONNREFUSED, ETIMEOUT, ...).
 */
export function lookupThroughServers(servers: readonly string[]): (hostname: string) => Promise<string[]> {
  return async (hostname) => {
    // Few retries and a short wait: the whole import has its own time budget.
    const resolver = new Resolver({ timeout: 2_000, tries: 2 });
    resolver.setServers(servers);
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
    const addresses = [...(v4.status === "fulfilled" ? v4.value : []), ...(v6.status === "fulfilled" ? v6.value : [])];
    if (addresses.length === 0 && v4.status === "rejected") throw v4.reason;
    return addresses;
  };
}
