import { describe, expect, it } from "vitest";
import { isAcceptableRequestId, requestIdOf } from "./request-id.ts";

describe("requestIdOf", () => {
  it("reads the stamped id from Fetch headers and from Node header records", () => {
    expect(requestIdOf(new Headers({ "x-request-id": "3f2a9c1e-0000-4000-8000-000000000001" }))).toBe("3f2a9c1e-0000-4000-8000-000000000001");
    expect(requestIdOf({ "x-request-id": "a1b2c3d4e5f6a7b8" })).toBe("a1b2c3d4e5f6a7b8");
    expect(requestIdOf({})).toBeUndefined();
  });

  it("refuses ids a log reader could trip on (line breaks, spaces, endless length, repeated headers)", () => {
    expect(isAcceptableRequestId("abc\ndef-ghi")).toBe(false);
    expect(isAcceptableRequestId("has spaces in it")).toBe(false);
    expect(isAcceptableRequestId("x".repeat(129))).toBe(false);
    expect(isAcceptableRequestId("short")).toBe(false);
    expect(requestIdOf({ "x-request-id": ["a1b2c3d4e5f6a7b8", "b1b2c3d4e5f6a7b8"] })).toBeUndefined();
  });
});
