import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { createNonce, isHtml, pageContentSecurityPolicy, securityHeaders, type FrameAncestors } from "@/lib/http/security-headers.ts";
import type { TrustedProxies } from "@/lib/http/trusted-proxies.ts";

export type HeaderPolicy = {
  frameAncestors: FrameAncestors;
  dev: boolean;
  /** Only these may say, with X-Forwarded-Proto, that the client reached them over https. */
  trusted: TrustedProxies;
};

/** The request reached us over https: TLS on this socket, or a trusted proxy that terminated it says so. */
export function cameOverHttps(req: IncomingMessage, trusted: TrustedProxies): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted) return true;
  if (!trusted.has(req.socket.remoteAddress ?? "")) return false;
  const forwarded = req.headers["x-forwarded-proto"];
  return (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() === "https";
}

/** A header's value as it will go out: passed to writeHead (which wins), or set on the response before. */
function headerOf(res: ServerResponse, passed: OutgoingHttpHeaders | undefined, name: string): unknown {
  const given = passed ? Object.entries(passed).find(([key]) => key.toLowerCase() === name)?.[1] : undefined;
  return given ?? res.getHeader(name);
}

/**
 * Gives every response the security headers of lib/http/security-headers.ts that it did not set
 * itself: Next.js pages and route handlers, errors, and what the server writes on its own.
 * Each request gets a fresh nonce. Next.js takes it from the request's Content-Security-Policy
 * header (set here, replacing any a client sent) and puts it on the scripts of the page it
 * renders; the response then carries the same policy.
 *
 * Which policy a response needs is known only once its Content-Type is (a page, JSON, a file),
 * and Node has no event before the head goes out, so writeHead is wrapped: every head passes
 * through it, an implicit one (write or end without writeHead) included.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, policy: HeaderPolicy): void {
  const context = { frameAncestors: policy.frameAncestors, dev: policy.dev, https: cameOverHttps(req, policy.trusted) };
  const nonce = createNonce();
  req.headers["content-security-policy"] = pageContentSecurityPolicy(nonce, context);

  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const last = args.at(-1);
    const passed = typeof last === "object" && last !== null && !Array.isArray(last) ? (last as OutgoingHttpHeaders) : undefined;
    const contentType = headerOf(res, passed, "content-type");
    const choice = headerOf(res, passed, "content-security-policy")
      ? { type: "own" as const }
      : isHtml(typeof contentType === "string" ? contentType : undefined)
        ? { type: "page" as const, nonce }
        : { type: "resource" as const };
    for (const [name, value] of Object.entries(securityHeaders(choice, context))) {
      if (headerOf(res, passed, name) === undefined) res.setHeader(name, value);
    }
    return writeHead(...args);
  }) as ServerResponse["writeHead"];
}

/** The headers of a response written straight to a socket (a refused websocket upgrade): nothing in it runs. */
export function refusalSecurityHeaders(req: IncomingMessage, policy: HeaderPolicy): Record<string, string> {
  return securityHeaders({ type: "resource" }, { frameAncestors: policy.frameAncestors, dev: policy.dev, https: cameOverHttps(req, policy.trusted) });
}
