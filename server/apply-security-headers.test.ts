import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { trustedProxies } from "@/lib/http/trusted-proxies.ts";
import { applySecurityHeaders } from "./apply-security-headers.ts";

const policy = { frameAncestors: [], dev: false, trusted: trustedProxies(["127.0.0.1"]) };
let server: http.Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real server that answers every request with `respond`, behind applySecurityHeaders. */
async function serve(respond: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<string> {
  server = http.createServer((req, res) => {
    applySecurityHeaders(req, res, policy);
    respond(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("applySecurityHeaders", () => {
  it("gives an implicit head (end without writeHead) the resource policy", async () => {
    const url = await serve((_req, res) => res.end("plain"));
    const response = await fetch(url);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("reads the Content-Type passed to writeHead, and gives HTML the nonce Next.js was handed on the request", async () => {
    const url = await serve((req, res) => {
      const nonce = /'nonce-([^']+)'/.exec(String(req.headers["content-security-policy"]))?.[1];
      res.writeHead(500, { "Content-Type": "text/html" }).end(`<script nonce="${nonce}"></script>`);
    });
    const response = await fetch(url, { headers: { "content-security-policy": "script-src 'nonce-forged'" } });
    const nonce = /<script nonce="([^"]+)">/.exec(await response.text())?.[1];
    expect(nonce).not.toBe("forged");
    expect(response.status).toBe(500);
    expect(response.headers.get("content-security-policy")).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  });

  it("keeps what the response set itself, its own policy without X-Frame-Options", async () => {
    const url = await serve((_req, res) => {
      res.setHeader("content-security-policy", "sandbox; frame-ancestors 'self'");
      res.writeHead(200, { "referrer-policy": "no-referrer" }).end();
    });
    const response = await fetch(url);
    expect(response.headers.get("content-security-policy")).toBe("sandbox; frame-ancestors 'self'");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBeNull();
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });

  it("sends HSTS when the trusted proxy says https", async () => {
    const url = await serve((_req, res) => res.end());
    expect((await fetch(url, { headers: { "x-forwarded-proto": "https" } })).headers.get("strict-transport-security")).toMatch(/^max-age=31536000/);
    expect((await fetch(url)).headers.get("strict-transport-security")).toBeNull();
  });
});
