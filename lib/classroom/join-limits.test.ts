import { describe, expect, it } from "vitest";
import { createRateLimits } from "@/lib/limits/rate-limits.ts";
import { createLogger } from "@/lib/logger.ts";
import { createJoinLimiter } from "./join-limits.ts";

const limits = { wrongCodesPerAddress: 3, wrongCodeWindowSeconds: 60, joinsPerMinutePerAddress: 10 };

describe("join limits (in memory)", () => {
  it("refuse an address after its wrong codes, and no other address", async () => {
    const limiter = createJoinLimiter(createRateLimits({ logger: createLogger("silent") }), limits);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await limiter.admit("10.0.0.1")).toEqual({ allowed: true });
      await limiter.wrongCode("10.0.0.1");
    }
    const refused = await limiter.admit("10.0.0.1");
    expect(refused).toMatchObject({ allowed: false, reason: "wrong-codes" });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await limiter.admit("10.0.0.2")).toEqual({ allowed: true });
  });

  it("let right joins through up to the flood cap, whatever the wrong-code budget", async () => {
    const limiter = createJoinLimiter(createRateLimits({ logger: createLogger("silent") }), limits);
    for (let attempt = 0; attempt < 10; attempt++) expect((await limiter.admit("10.0.0.3")).allowed).toBe(true);
    expect(await limiter.admit("10.0.0.3")).toMatchObject({ allowed: false, reason: "joins" });
  });
});
