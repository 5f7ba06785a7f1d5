import { describe, expect, it } from "vitest";
import {
  createNonce,
  exportContentSecurityPolicy,
  isHtml,
  pageContentSecurityPolicy,
  resourceContentSecurityPolicy,
  securityHeaders,
  type SecurityContext,
} from "./security-headers.ts";

const production: SecurityContext = { https: false, frameAncestors: [], dev: false };

function directives(policy: string): Map<string, string> {
  return new Map(policy.split("; ").map((directive) => [directive.split(" ")[0]!, directive.split(" ").slice(1).join(" ")]));
}

describe("pageContentSecurityPolicy", () => {
  it("runs scripts by this response's nonce only in production: no inline, no eval", () => {
    const policy = directives(pageContentSecurityPolicy("abc123==", production));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(policy.get("style-src")).toBe("'self' 'nonce-abc123=='");
    expect(policy.get("style-src-attr")).toBe("'unsafe-inline'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'none'");
    expect(policy.get("connect-src")).toBe("'self'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allows eval and inline styles for the refresh runtime in development only", () => {
    const policy = directives(pageContentSecurityPolicy("abc", { ...production, dev: true }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval'");
    expect(policy.get("style-src")).toBe("'self' 'unsafe-inline'");
  });

  it("names the LMS origins that may frame it, and upgrades requests only over https", () => {
    const policy = directives(pageContentSecurityPolicy("abc", { https: true, dev: false, frameAncestors: ["https://lms.example.edu", "https://*.instructure.com"] }));
    expect(policy.get("frame-ancestors")).toBe("https://lms.example.edu https://*.instructure.com");
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("resource and export policies", () => {
  it("lets nothing run or load in a resource", () => {
    expect(resourceContentSecurityPolicy([])).toBe("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(resourceContentSecurityPolicy(["https://lms.example.edu"])).toMatch(/frame-ancestors https:\/\/lms\.example\.edu$/);
  });

  it("sandboxes an exported copy, framed by the app's pages and whoever frames them", () => {
    expect(directives(exportContentSecurityPolicy([])).get("frame-ancestors")).toBe("'self'");
    const policy = directives(exportContentSecurityPolicy(["https://lms.example.edu"]));
    expect(policy.has("sandbox")).toBe(true);
    expect(policy.get("default-src")).toBe("'none'");
    expect(policy.get("frame-ancestors")).toBe("'self' https://lms.example.edu");
  });
});

describe("securityHeaders", () => {
  it("sends the same baseline on every response, and HSTS over https only", () => {
    for (const choice of [{ type: "page", nonce: "n" }, { type: "resource" }, { type: "own" }] as const) {
      const plain = securityHeaders(choice, production);
      expect(plain).toMatchObject({
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "cross-origin-opener-policy": "same-origin",
      });
      expect(plain["permissions-policy"]).toContain("camera=()");
      expect(plain["strict-transport-security"]).toBeUndefined();
      expect(securityHeaders(choice, { ...production, https: true })["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    }
  });

  it("keeps a response's own policy, and sends X-Frame-Options only with frame-ancestors 'none'", () => {
    const own = securityHeaders({ type: "own" }, production);
    expect(own["content-security-policy"]).toBeUndefined();
    expect(own["x-frame-options"]).toBeUndefined();
    expect(securityHeaders({ type: "page", nonce: "n" }, production)["x-frame-options"]).toBe("DENY");
    const embeddable = securityHeaders({ type: "page", nonce: "n" }, { ...production, frameAncestors: ["https://lms.example.edu"] });
    expect(embeddable["x-frame-options"]).toBeUndefined();
    expect(embeddable["content-security-policy"]).toContain("'nonce-n'");
  });
});

describe("createNonce and isHtml", () => {
  it("makes a different 128-bit base64 nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("tells an HTML document by its Content-Type", () => {
    expect(isHtml("text/html; charset=utf-8")).toBe(true);
    expect(isHtml("application/json")).toBe(false);
    expect(isHtml("application/xhtml+xml")).toBe(false);
    expect(isHtml(undefined)).toBe(false);
  });
});
