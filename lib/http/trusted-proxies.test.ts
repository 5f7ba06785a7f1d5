import { describe, expect, it } from "vitest";
import { trustedProxies, trustedProxyProblem } from "./trusted-proxies.ts";

describe("trustedProxies", () => {
  it("matches single addresses and CIDR ranges, IPv4 (also IPv4-mapped) and IPv6", () => {
    const trusted = trustedProxies(["10.0.0.0/8", "192.168.1.5", "fd00::/8", "::1"]);
    expect(trusted.has("10.20.30.40")).toBe(true);
    expect(trusted.has("::ffff:10.20.30.40")).toBe(true);
    expect(trusted.has("11.0.0.1")).toBe(false);
    expect(trusted.has("192.168.1.5")).toBe(true);
    expect(trusted.has("192.168.1.6")).toBe(false);
    expect(trusted.has("fd12:3456::1")).toBe(true);
    expect(trusted.has("fe80::1")).toBe(false);
    expect(trusted.has("::1")).toBe(true);
    expect(trusted.has("not an address")).toBe(false);
  });

  it("trusts no one when the list is empty", () => {
    expect(trustedProxies([]).has("127.0.0.1")).toBe(false);
  });

  it("explains entries that are not addresses or ranges", () => {
    expect(trustedProxyProblem("10.0.0.0/8")).toBeNull();
    expect(trustedProxyProblem("2001:db8::/32")).toBeNull();
    expect(trustedProxyProblem("10.0.0.0/40")).toMatch(/0 to 32/);
    expect(trustedProxyProblem("2001:db8::/129")).toMatch(/0 to 128/);
    expect(trustedProxyProblem("10.0.0.0/")).toMatch(/prefix length/);
    expect(trustedProxyProblem("proxy.local")).toMatch(/not an IP address/);
    expect(trustedProxyProblem("10.0.0.0/8/8")).toMatch(/not an IP address/);
  });
});
