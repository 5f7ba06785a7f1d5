import type { IncomingMessage } from "node:http";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/auth-options.ts";

/**
 * Route handlers inside Next.js cannot see the TCP peer, but sign-in rate limits need it.
 * The server writes it into a header, replacing any value a client sent.
 */
export function stampClientAddress(req: IncomingMessage): void {
  const address = req.socket.remoteAddress ?? "";
  req.headers[CLIENT_ADDRESS_HEADER] = address.startsWith("::ffff:") ? address.slice(7) : address;
}
