import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { trustedProxies } from "@/lib/http/trusted-proxies.ts";
import { resolveClientAddress } from "./resolve-client-address.ts";

function request(peer: string, forwardedFor?: string | string[]): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } } as unknown as IncomingMessage;
}

const proxies = trustedProxies(["10.0.0.0/8", "fd00::/8"]);

describe("resolveClientAddress", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy (anyone can send it)", () => {
    expect(resolveClientAddress(request("203.0.113.9", "198.51.100.1"), proxies)).toBe("203.0.113.9");
    expect(resolveClientAddress(request("::ffff:203.0.113.9", "198.51.100.1"), trustedProxies([]))).toBe("203.0.113.9");
  });

  it("takes the address the trusted proxy saw", () => {
    expect(resolveClientAddress(request("10.0.0.2", "198.51.100.1"), proxies)).toBe("198.51.100.1");
    expect(resolveClientAddress(request("fd00::2", "2001:db8::7"), proxies)).toBe("2001:db8::7");
  });

  it("walks from the right past trusted hops, and never believes what the client wrote itself", () => {
    // The client claimed 1.2.3.4; the school's NAT (198.51.100.1) reached two proxies of ours.
    expect(resolveClientAddress(request("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.1.1.1"), proxies)).toBe("198.51.100.1");
    expect(resolveClientAddress(request("10.0.0.2", ["1.2.3.4, 198.51.100.1", "10.1.1.1"]), proxies)).toBe("198.51.100.1");
  });

  it("stops at the last believable hop when one is malformed, and keeps the proxy when there is no header", () => {
    expect(resolveClientAddress(request("10.0.0.2", "198.51.100.1, garbage, 10.1.1.1"), proxies)).toBe("10.1.1.1");
    expect(resolveClientAddress(request("10.0.0.2"), proxies)).toBe("10.0.0.2");
    expect(resolveClientAddress(request("10.0.0.2", "10.3.3.3"), proxies)).toBe("10.3.3.3");
  });
});
