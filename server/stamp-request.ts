import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/auth-options.ts";
import { isAcceptableRequestId, REQUEST_ID_HEADER } from "@/lib/http/request-id.ts";
import type { TrustedProxies } from "@/lib/http/trusted-proxies.ts";
import { resolveClientAddress } from "./resolve-client-address.ts";

/** Headers only a proxy of ours may set: they decide https links, secure cookies and next-auth's origin. */
const PROXY_HEADERS = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"] as const;

export type StampedRequest = { address: string; requestId: string; fromTrustedProxy: boolean };

/**
 * What the server writes onto a request before Next.js sees it. Route handlers cannot see the
 * TCP peer, so the client's address (resolved through trusted proxies) goes into a header of
 * ours, replacing any value a client sent. `X-Forwarded-*` from anyone but a trusted proxy are
 * dropped, so Next.js fills them from the socket itself: a client cannot claim https (secure
 * cookies, https links) or another host. Each request gets an id for the logs.
 */
export function stampRequest(req: IncomingMessage, res: ServerResponse | undefined, trusted: TrustedProxies): StampedRequest {
  const fromTrustedProxy = trusted.has(req.socket.remoteAddress ?? "");
  const address = resolveClientAddress(req, trusted);
  if (!fromTrustedProxy) for (const header of PROXY_HEADERS) delete req.headers[header];
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  const offered = req.headers[REQUEST_ID_HEADER];
  const requestId = fromTrustedProxy && isAcceptableRequestId(offered) ? offered : randomUUID();
  req.headers[REQUEST_ID_HEADER] = requestId;
  res?.setHeader(REQUEST_ID_HEADER, requestId);
  return { address, requestId, fromTrustedProxy };
}
