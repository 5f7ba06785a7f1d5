import { randomBytes } from "node:crypto";

/**
 * Who may show this app's pages in a frame: empty means nobody (`frame-ancestors 'none'`);
 * otherwise the origins of FRAME_ANCESTORS, e.g. a school's LMS (lib/env.ts checks them).
 */
export type FrameAncestors = readonly string[];

/** What decides the headers of one response. */
export type SecurityContext = {
  /** The request reached us over https (directly, or through a trusted proxy that says so). */
  https: boolean;
  frameAncestors: FrameAncestors;
  /** `npm run dev`: React's refresh runtime evaluates code and injects styles. */
  dev: boolean;
};

/** A fresh, unguessable nonce for one page's scripts and styles (128 bits, base64 as CSP wants). */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

function frameAncestorsSource(frameAncestors: FrameAncestors): string {
  return frameAncestors.length === 0 ? "'none'" : frameAncestors.join(" ");
}

function join(directives: (string | false)[]): string {
  return directives.filter(Boolean).join("; ");
}

/**
 * The policy of every HTML page. Scripts run only with this response's nonce (Next.js reads it
 * from the request's copy of this header and puts it on its own scripts); 'strict-dynamic'
 * lets those load the app's chunks, and 'self' is only the fallback of browsers without it.
 *
 * Styles: stylesheets are files of ours ('self'), and a `<style>` element needs the nonce
 * (the article view's one, components/layout/content-security.tsx). The article view places its
 * popover, selection boxes and avatars with React `style` props: React sets them through the
 * CSSOM in the browser (not governed by CSP), but any it renders on the server arrive as
 * `style` attributes in the HTML, which 'unsafe-inline' on style-src-attr alone allows. An
 * attribute cannot run script or load anything (img-src, font-src stay 'self'), so the loss is
 * small; a nonce or hash cannot cover attributes whose values change with every render.
 *
 * Realtime websockets go to this same host, which `connect-src 'self'` matches (ws: and wss:
 * included, CSP Level 3). `upgrade-insecure-requests` only over https: on a school's LAN
 * served over plain http it would send every request to a port nobody listens on.
 */
export function pageContentSecurityPolicy(nonce: string, context: SecurityContext): string {
  return join([
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${context.dev ? " 'unsafe-eval'" : ""}`,
    // In development the refresh runtime injects <style> elements without a nonce, and a nonce would void 'unsafe-inline'.
    context.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestorsSource(context.frameAncestors)}`,
    context.https && "upgrade-insecure-requests",
  ]);
}

/**
 * The policy of everything that is not a page (JSON, files, plain-text errors): nothing in it
 * may run or load anything, should a browser ever be tricked into rendering it as a document.
 */
export function resourceContentSecurityPolicy(frameAncestors: FrameAncestors): string {
  return join(["default-src 'none'", "base-uri 'none'", "form-action 'none'", `frame-ancestors ${frameAncestorsSource(frameAncestors)}`]);
}

/**
 * The policy of an exported copy served by the API: sandboxed (an opaque origin, no script),
 * nothing fetched, its own `<style>` element allowed. The document page previews the HTML copy
 * in a frame, so the copy may be framed by this app's pages, and by whoever may frame them
 * (frame-ancestors is checked against every ancestor, the LMS around the page included).
 */
export function exportContentSecurityPolicy(frameAncestors: FrameAncestors): string {
  return join(["sandbox", "default-src 'none'", "style-src 'unsafe-inline'", "base-uri 'none'", "form-action 'none'", `frame-ancestors 'self' ${frameAncestors.join(" ")}`.trim()]);
}

/** Browser features this app never uses, switched off for its pages and anything they frame. */
// Only features Chromium knows: an unknown one is logged as an error on every page.
const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "serial",
  "usb",
  "xr-spatial-tracking",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** A year, the minimum the HSTS preload list accepts, in seconds. */
const HSTS_MAX_AGE = 365 * 24 * 60 * 60;

/**
 * Which Content-Security-Policy a response gets: a page's (with the nonce its scripts carry),
 * the one under which nothing runs (JSON, files, plain-text errors), or none of ours because
 * the response brought its own (an exported copy), framing rules and all.
 */
export type PolicyChoice = { type: "page"; nonce: string } | { type: "resource" } | { type: "own" };

/**
 * The headers a response gets on top of its own (server/apply-security-headers.ts adds the
 * ones it did not set). Every response: nosniff, a referrer policy, no powerful features, its
 * own browsing context group (COOP), and HSTS over https only (a browser ignores it over
 * http, and a LAN server without TLS must not promise it). X-Frame-Options, old browsers'
 * frame-ancestors, goes with our frame-ancestors 'none' only, since it cannot name an LMS.
 */
export function securityHeaders(policy: PolicyChoice, context: SecurityContext): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
  };
  if (context.https) headers["strict-transport-security"] = `max-age=${HSTS_MAX_AGE}; includeSubDomains`;
  if (policy.type === "own") return headers;
  headers["content-security-policy"] =
    policy.type === "page" ? pageContentSecurityPolicy(policy.nonce, context) : resourceContentSecurityPolicy(context.frameAncestors);
  if (context.frameAncestors.length === 0) headers["x-frame-options"] = "DENY";
  return headers;
}

/** Whether a Content-Type is an HTML document's, which gets a page's policy. */
export function isHtml(contentType: string | undefined): boolean {
  return /^\s*text\/html\b/i.test(contentType ?? "");
}
