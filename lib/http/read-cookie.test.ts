import { describe, expect, it } from "vitest";
import { readCookie } from "./read-cookie.ts";

describe("readCookie", () => {
  it("finds a cookie among others", () => {
    expect(readCookie("a=1; marginalia-participant=mps_x.y; b=2", "marginalia-participant")).toBe("mps_x.y");
    expect(readCookie("a=1", "marginalia-participant")).toBeNull();
    expect(readCookie(null, "a")).toBeNull();
  });

  it("does not match a name that only ends the same", () => {
    expect(readCookie("xa=1; a=2", "a")).toBe("2");
  });
});
