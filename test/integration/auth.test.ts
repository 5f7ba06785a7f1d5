import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveAuthSecret } from "@/lib/auth/auth-secret.ts";
import { changePassword } from "@/lib/auth/change-password.ts";
import { linkOAuthAccount } from "@/lib/auth/link-oauth-account.ts";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, recordSignInFailure } from "@/lib/auth/sign-in-limits.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { verifyCredentials } from "@/lib/auth/verify-credentials.ts";
import type { Database } from "@/lib/db/database.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { NO_REALTIME_SERVER } from "@/lib/realtime/access-event.ts";

describe.each(backends)("accounts and sign-in on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    await seedDemoDocument(database.prisma);
  });
  afterAll(async () => {
    await database?.close();
    await storage?.destroy();
  });

  it("signs up with a first workspace holding a copy of the demo, and never stores the password", async () => {
    const account = await signUp(database.prisma, { email: "  Ada@Example.ORG ", name: "Ada", password: "a long password" });
    expect(account.email).toBe("ada@example.org");
    const user = await database.prisma.user.findUniqueOrThrow({ where: { id: account.userId } });
    expect(user.passwordHash).toMatch(/^\$2[aby]\$11\$/);
    expect(user.passwordHash).not.toContain("a long password");
    const documents = await database.prisma.document.findMany({ where: { workspaceId: account.workspaceId } });
    expect(documents.map((document) => document.slug)).toEqual([null]);
    expect(documents[0]?.source).toBe("site-28");
    await expect(signUp(database.prisma, { email: "ada@example.org", name: "Ada 2", password: "another password" })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "email",
    });
    await expect(signUp(database.prisma, { email: "x@example.org", name: "X", password: "short" })).rejects.toMatchObject({ field: "password" });
  });

  it("answers an unknown email and a wrong password alike", async () => {
    await signUp(database.prisma, { email: "bo@example.org", name: "Bo", password: "bo's password" });
    // Each attempt is awaited before the next starts: a rejection must never sit unobserved.
    await expect(verifyCredentials(database.prisma, { email: "nobody@example.org", password: "whatever" }, "192.0.2.1")).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "That email and password do not match an account.",
    });
    await expect(verifyCredentials(database.prisma, { email: "bo@example.org", password: "not it" }, "192.0.2.1")).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "That email and password do not match an account.",
    });
    const user = await verifyCredentials(database.prisma, { email: "BO@example.org", password: "bo's password" }, "192.0.2.1");
    expect(user.email).toBe("bo@example.org");
  });

  it("locks an account after repeated failures, even for the right password", async () => {
    await signUp(database.prisma, { email: "cy@example.org", name: "Cy", password: "cy's password" });
    for (let attempt = 0; attempt < MAX_FAILURES_PER_ACCOUNT; attempt++) {
      await expect(verifyCredentials(database.prisma, { email: "cy@example.org", password: `guess ${attempt}` }, `198.51.100.${attempt}`)).rejects.toMatchObject({
        code: "UNAUTHORIZED",
      });
    }
    await expect(verifyCredentials(database.prisma, { email: "cy@example.org", password: "cy's password" }, "203.0.113.9")).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Wait 15 minutes/),
    });
  });

  it("lets a class behind one address sign in after many of them mistyped", async () => {
    // Sixty failures of thirty students (recorded directly: each real check costs a bcrypt hash).
    for (let student = 0; student < 30; student++) {
      await recordSignInFailure(database.prisma, `student${student}@example.org`, "198.51.100.30");
      await recordSignInFailure(database.prisma, `student${student}@example.org`, "198.51.100.30");
    }
    await expect(verifyCredentials(database.prisma, { email: "bo@example.org", password: "bo's password" }, "198.51.100.30")).resolves.toMatchObject({
      email: "bo@example.org",
    });
  });

  it("limits one client address guessing across many accounts", async () => {
    // All but the last guess recorded directly (each real check costs a bcrypt hash); the last one real.
    for (let attempt = 0; attempt < MAX_FAILURES_PER_ADDRESS - 1; attempt++) {
      await recordSignInFailure(database.prisma, `spray${attempt}@example.org`, "203.0.113.66");
    }
    await expect(verifyCredentials(database.prisma, { email: "spray-last@example.org", password: "x" }, "203.0.113.66")).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(verifyCredentials(database.prisma, { email: "bo@example.org", password: "bo's password" }, "203.0.113.66")).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    // The same account from elsewhere is unaffected.
    await expect(verifyCredentials(database.prisma, { email: "bo@example.org", password: "bo's password" }, "203.0.113.67")).resolves.toMatchObject({
      email: "bo@example.org",
    });
  });

  it("changes the password only with the current one, and moves the session version on", async () => {
    const account = await signUp(database.prisma, { email: "di@example.org", name: "Di", password: "first password" });
    const actor = { userId: account.userId };
    await expect(changePassword(database.prisma, NO_REALTIME_SERVER, actor, { currentPassword: "wrong", newPassword: "second password" })).rejects.toMatchObject({
      field: "currentPassword",
    });
    const { sessionVersion } = await changePassword(database.prisma, NO_REALTIME_SERVER, actor, { currentPassword: "first password", newPassword: "second password" });
    expect(sessionVersion).toBe(1);
    await expect(verifyCredentials(database.prisma, { email: "di@example.org", password: "first password" }, null)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(verifyCredentials(database.prisma, { email: "di@example.org", password: "second password" }, null)).resolves.toMatchObject({ sessionVersion: 1 });
  });

  it("links OAuth identities: a new person gets an account, a known email is linked, a known identity is found", async () => {
    const fresh = await linkOAuthAccount(database.prisma, { provider: "github", providerAccountId: "42", email: "Eve@Example.org", name: "Eve" });
    expect(fresh.email).toBe("eve@example.org");
    expect(await database.prisma.membership.count({ where: { userId: fresh.id, role: "OWNER" } })).toBe(1);
    const again = await linkOAuthAccount(database.prisma, { provider: "github", providerAccountId: "42", email: "changed@example.org", name: "Eve" });
    expect(again.id).toBe(fresh.id);

    const existing = await signUp(database.prisma, { email: "fay@example.org", name: "Fay", password: "fay's password" });
    const linked = await linkOAuthAccount(database.prisma, { provider: "oidc", providerAccountId: "sub-7", email: "fay@example.org", name: "Fay F." });
    expect(linked.id).toBe(existing.userId);
    await expect(linkOAuthAccount(database.prisma, { provider: "google", providerAccountId: "9", email: null, name: "No Mail" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("keeps one generated session secret per database unless AUTH_SECRET is set", async () => {
    const first = await resolveAuthSecret(database.prisma, undefined);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await resolveAuthSecret(database.prisma, undefined)).toBe(first);
    expect(await resolveAuthSecret(database.prisma, "configured-secret-configured-secret")).toBe("configured-secret-configured-secret");
  });
});
