import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./is-public-address.ts";

describe("isPublicAddress", () => {
  it.each([
    ["93.184.216.34", "a public IPv4 address"],
    ["8.8.8.8", "a public resolver"],
    ["1.1.1.1", "another public resolver"],
    ["172.15.255.255", "just below 172.16/12"],
    ["172.32.0.0", "just above 172.16/12"],
    ["100.63.255.255", "just below CGNAT"],
    ["100.128.0.0", "just above CGNAT"],
    ["192.169.0.1", "just above 192.168/16"],
    ["223.255.255.255", "just below multicast"],
    ["2606:4700:4700::1111", "a public IPv6 address"],
    ["2a00:1450:4007:80e::200e", "another public IPv6 address"],
    ["::ffff:93.184.216.34", "an IPv4-mapped public address"],
    ["64:ff9b::808:808", "NAT64 of a public address"],
  ])("allows %s (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback /8"],
    ["10.0.0.1", "private 10/8"],
    ["10.255.255.255", "private 10/8 end"],
    ["172.16.0.1", "private 172.16/12"],
    ["172.31.255.255", "private 172.16/12 end"],
    ["192.168.1.1", "private 192.168/16"],
    ["169.254.169.254", "link-local cloud metadata"],
    ["100.64.0.1", "CGNAT"],
    ["100.127.255.255", "CGNAT end"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "this network 0/8"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast SSDP"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["::1", "IPv6 loopback"],
    ["::", "IPv6 unspecified"],
    ["fc00::1", "unique local fc00::/7"],
    ["fd12:3456:789a::1", "unique local fd00::/8"],
    ["fe80::1", "link-local"],
    ["febf:ffff::1", "link-local end"],
    ["fe80::1%eth0", "link-local with zone id"],
    ["ff02::1", "IPv6 multicast"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback in hex"],
    ["::ffff:10.1.2.3", "IPv4-mapped private"],
    ["::ffff:169.254.169.254", "IPv4-mapped link-local"],
    ["0:0:0:0:0:ffff:c0a8:0101", "IPv4-mapped private, long form"],
    ["64:ff9b::7f00:1", "NAT64 of loopback"],
    ["::127.0.0.1", "deprecated IPv4-compatible loopback"],
    ["2001:db8::1", "IPv6 documentation"],
    ["2002:7f00:1::1", "6to4 of loopback"],
    ["localhost", "a host name, not an address"],
    ["", "empty"],
    ["127.1", "shorthand that is not a valid address"],
    ["not an address", "garbage"],
  ])("refuses %s (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});
