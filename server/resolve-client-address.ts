import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { plainAddress, type TrustedProxies } from "@/lib/http/trusted-proxies.ts";

/**
 * The address of the person at the other end. The TCP peer, unless the peer is a trusted proxy:
 * then `X-Forwarded-For` is walked from the right (each proxy appends the address it saw), past
 * every trusted hop, to the first address no trusted proxy vouches for. Entries to the left of
 * it were written by the client itself and prove nothing. A malformed hop ends the walk at the
 * last proxy that could be believed, so garbage never becomes a key of its own.
 */
export function resolveClientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  let address = plainAddress(req.socket.remoteAddress ?? "");
  if (!trusted.has(address)) return address;
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((hop) => hop.trim()).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = plainAddress(hops[index]!);
    if (isIP(hop) === 0) return address;
    address = hop;
    if (!trusted.has(hop)) return hop;
  }
  return address;
}
