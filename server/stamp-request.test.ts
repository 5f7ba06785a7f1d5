import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/auth-options.ts";
import { publicOrigin } from "@/lib/http/public-origin.ts";
import { trustedProxies } from "@/lib/http/trusted-proxies.ts";
import { stampRequest } from "./stamp-request.ts";

function request(peer: string, headers: Record<string, string>): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: { ...headers } } as unknown as IncomingMessage;
}

function response() {
  const sent: Record<string, string> = {};
  return { sent, res: { setHeader: (name: string, value: string) => (sent[name] = value) } as unknown as ServerResponse };
}

const proxies = trustedProxies(["10.0.0.0/8"]);
const forged = {
  "x-forwarded-for": "198.51.100.7",
  "x-forwarded-proto": "https",
  "x-forwarded-host": "evil.example",
  "x-forwarded-port": "443",
  "x-request-id": "forged-request-id-1",
  [CLIENT_ADDRESS_HEADER]: "1.2.3.4",
};

describe("stampRequest", () => {
  it("drops X-Forwarded-* from a client that is not a trusted proxy: no https, no other host, its own address", () => {
    const req = request("203.0.113.9", { host: "news.example", ...forged });
    const { res, sent } = response();
    const stamped = stampRequest(req, res, proxies);
    expect(stamped.address).toBe("203.0.113.9");
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.9");
    for (const header of ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"]) expect(req.headers[header]).toBeUndefined();
    // What route handlers then compute from the headers:
    expect(publicOrigin(new Headers(req.headers as Record<string, string>), undefined)).toBe("http://news.example");
    // The id is ours, not the client's, and the response carries it.
    expect(stamped.requestId).not.toBe("forged-request-id-1");
    expect(req.headers["x-request-id"]).toBe(stamped.requestId);
    expect(sent["x-request-id"]).toBe(stamped.requestId);
  });

  it("believes a trusted proxy: the client's address, https, and the proxy's request id", () => {
    const req = request("::ffff:10.0.0.2", { host: "news.example", ...forged });
    const stamped = stampRequest(req, response().res, proxies);
    expect(stamped).toEqual({ address: "198.51.100.7", requestId: "forged-request-id-1", fromTrustedProxy: true });
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.7");
    expect(publicOrigin(new Headers(req.headers as Record<string, string>), undefined)).toBe("https://news.example");
  });

  it("makes up its own id when a trusted proxy sends none or a malformed one", () => {
    const req = request("10.0.0.2", { "x-request-id": "bad id\nwith a line break" });
    const stamped = stampRequest(req, undefined, proxies);
    expect(stamped.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
