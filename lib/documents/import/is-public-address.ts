import { BlockList, isIP } from "node:net";

/** IPv4 ranges that never belong to a public web server (RFC 6890 special-purpose registry). */
const NON_PUBLIC_IPV4: readonly (readonly [string, number])[] = [
  ["0.0.0.0", 8], // "this network", includes the unspecified address
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, includes cloud metadata endpoints
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // deprecated 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, includes broadcast 255.255.255.255
];

/** IPv6 ranges carved out of global unicast (2000::/3) that are still not public servers. */
const NON_PUBLIC_GLOBAL_IPV6: readonly (readonly [string, number])[] = [
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4, can tunnel to any IPv4 address including private ones
];

/** IPv6 prefixes that embed an IPv4 address in their last 32 bits, which is what really gets reached. */
const IPV4_EMBEDDING_IPV6: readonly (readonly [string, number])[] = [
  ["::ffff:0:0", 96], // IPv4-mapped
  ["64:ff9b::", 96], // NAT64
];

function blockListOf(ranges: readonly (readonly [string, number])[], family: "ipv4" | "ipv6"): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
  return list;
}

/** Expands an IPv6 address to its eight 16-bit groups (the input is known to be valid). */
function ipv6Groups(address: string): number[] {
  let text = address;
  // A dotted IPv4 tail ("::ffff:127.0.0.1") stands for the last two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16));
}

function embeddedIpv4(address: string): string {
  const groups = ipv6Groups(address);
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

function isPublicIpv4(address: string): boolean {
  return !blockListOf(NON_PUBLIC_IPV4, "ipv4").check(address, "ipv4");
}

function isPublicIpv6(address: string): boolean {
  if (blockListOf(IPV4_EMBEDDING_IPV6, "ipv6").check(address, "ipv6")) return isPublicIpv4(embeddedIpv4(address));
  // Only global unicast is routable on the internet; this excludes ::, ::1, fc00::/7, fe80::/10,
  // ff00::/8 and the deprecated IPv4-compatible and site-local ranges in one rule.
  const globalUnicast = blockListOf([["2000::", 3]], "ipv6");
  return globalUnicast.check(address, "ipv6") && !blockListOf(NON_PUBLIC_GLOBAL_IPV6, "ipv6").check(address, "ipv6");
}

/**
 * Whether an IP address belongs to the public internet. The importer only connects to such
 * addresses, so a pasted URL cannot make the server reach its own loopback, the private network
 * it runs in, or a cloud metadata endpoint. Anything that is not a plain IP address (host names,
 * zone ids like "fe80::1%eth0") counts as not public.
 */
export function isPublicAddress(address: string): boolean {
  if (address.includes("%")) return false;
  switch (isIP(address)) {
    case 4:
      return isPublicIpv4(address);
    case 6:
      return isPublicIpv6(address);
    default:
      return false;
  }
}
