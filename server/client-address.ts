import type { IncomingMessage } from "node:http";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/auth-options.ts";
import type { TrustedProxies } from "@/lib/http/trusted-proxies.ts";
import { resolveClientAddress } from "./resolve-client-address.ts";

/**
 * Route handlers inside Next.js cannot see the TCP peer, but sign-in rate limits need the
 * client's address. The server writes it into a header, replacing any value a client sent.
 */
export function stampClientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  const address = resolveClientAddress(req, trusted);
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  return address;
}
