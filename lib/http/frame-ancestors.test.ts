import { describe, expect, it } from "vitest";
import { frameAncestorProblem } from "./frame-ancestors.ts";

describe("frameAncestorProblem", () => {
  it("accepts origins, with a port or a subdomain wildcard", () => {
    for (const entry of ["https://lms.example.edu", "http://moodle.school.lan:8080", "https://*.instructure.com"]) {
      expect(frameAncestorProblem(entry)).toBeNull();
    }
  });

  it("refuses what would let any site frame the app, or change the policy", () => {
    for (const entry of ["*", "https:", "https://*", "'self'", "'none'", "https://lms.example.edu/course", "https://a.edu;script-src *", "lms.example.edu"]) {
      expect(frameAncestorProblem(entry)).toMatch(/not an origin/);
    }
  });
});
