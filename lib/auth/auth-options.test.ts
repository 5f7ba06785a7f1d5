import { describe, expect, it } from "vitest";
import type { AppContext } from "@/lib/app-context.ts";
import { readConfig } from "@/lib/env.ts";
import { buildAuthOptions } from "./auth-options.ts";

function providerIds(env: Record<string, string>): string[] {
  const context = { config: readConfig(env), authSecret: "s".repeat(32), database: { prisma: {} } } as unknown as AppContext;
  return buildAuthOptions(context).providers.map((provider) => provider.id);
}

describe("buildAuthOptions", () => {
  it("offers email and password alone when no OAuth provider is configured", () => {
    expect(providerIds({})).toEqual(["credentials"]);
  });

  it("adds each OAuth provider whose variables are set", () => {
    expect(
      providerIds({
        GITHUB_ID: "g",
        GITHUB_SECRET: "gs",
        GOOGLE_ID: "o",
        GOOGLE_SECRET: "os",
        OIDC_ISSUER: "https://id.school.example/realms/main",
        OIDC_ID: "i",
        OIDC_SECRET: "is",
      }),
    ).toEqual(["credentials", "github", "google", "oidc"]);
  });
});
