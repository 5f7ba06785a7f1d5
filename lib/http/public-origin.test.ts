import { describe, expect, it } from "vitest";
import { publicOrigin } from "./public-origin.ts";

describe("publicOrigin", () => {
  it("prefers the configured public URL", () => {
    expect(publicOrigin(new Headers({ host: "10.0.0.5:3000" }), "https://marginalia.school.example")).toBe("https://marginalia.school.example");
  });

  it("otherwise uses the Host the client used, https only when a proxy says so", () => {
    expect(publicOrigin(new Headers({ host: "classroom.local:3000" }), undefined)).toBe("http://classroom.local:3000");
    expect(publicOrigin(new Headers({ host: "news.example", "x-forwarded-proto": "https" }), undefined)).toBe("https://news.example");
  });
});
