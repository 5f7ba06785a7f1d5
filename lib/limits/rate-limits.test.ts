import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/logger.ts";
import { createRateLimits } from "./rate-limits.ts";

const logger = createLogger("silent");

describe("rate limits", () => {
  it("refuse a key past its budget with a wait, count the refusal, and leave other keys alone", async () => {
    const limits = createRateLimits({ logger });
    const budget = limits.budget("test-requests", 3, 60);
    for (let attempt = 0; attempt < 3; attempt++) expect(await budget.consume("10.0.0.1")).toEqual({ allowed: true });
    const refused = await budget.consume("10.0.0.1");
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await budget.consume("10.0.0.2")).toEqual({ allowed: true });
    expect(await limits.metricsText()).toContain('marginalia_rate_limit_refusals_total{limit="test-requests"} 1');
    await limits.close();
  });

  it("check without counting, and count penalties seen after the fact", async () => {
    const limits = createRateLimits({ logger });
    const budget = limits.budget("test-failures", 2, 60);
    expect(await budget.check("10.0.0.1")).toEqual({ allowed: true });
    expect(await budget.check("10.0.0.1")).toEqual({ allowed: true });
    await budget.penalty("10.0.0.1");
    expect(await budget.check("10.0.0.1")).toEqual({ allowed: true });
    await budget.penalty("10.0.0.1");
    expect(await budget.check("10.0.0.1")).toMatchObject({ allowed: false });
    await limits.close();
  });

  it("treat a budget of 0 as no limit", async () => {
    const limits = createRateLimits({ logger });
    const budget = limits.budget("test-off", 0, 60);
    for (let attempt = 0; attempt < 100; attempt++) expect(await budget.consume("10.0.0.1")).toEqual({ allowed: true });
    await limits.close();
  });

  it("keep limiting in memory while Redis cannot be reached, rather than refusing everyone or no one", async () => {
    // Nothing listens on port 1: every Redis call fails and the insurance limiter answers.
    const limits = createRateLimits({ logger, redisUrl: "redis://127.0.0.1:1", keyPrefix: "test-unreachable" });
    const budget = limits.budget("test-outage", 2, 60);
    expect(await budget.consume("10.0.0.1")).toEqual({ allowed: true });
    expect(await budget.consume("10.0.0.1")).toEqual({ allowed: true });
    expect(await budget.consume("10.0.0.1")).toMatchObject({ allowed: false });
    expect(await budget.consume("10.0.0.2")).toEqual({ allowed: true });
    await limits.close();
  });
});
