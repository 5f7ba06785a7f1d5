import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/database.ts";
import { checkHealth } from "@/lib/health/check-health.ts";

describe("checkHealth when the database is gone", () => {
  it("reports PostgreSQL that refuses connections as unavailable, with the reason", async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    const database = await openDatabase({ databaseUrl: "postgresql://marginalia@127.0.0.1:1/none", dataDir: null });
    try {
      const report = await checkHealth(database.prisma);
      expect(report).toMatchObject({ status: "error", database: "unavailable" });
      expect(report.status === "error" ? report.reason : "").not.toBe("");
    } finally {
      await database.close();
    }
  });

  it("reports a closed embedded database as unavailable", async () => {
    const database = await openDatabase({ databaseUrl: undefined, dataDir: null });
    expect(await checkHealth(database.prisma)).toEqual({ status: "ok", database: "ok" });
    await database.close();
    expect(await checkHealth(database.prisma)).toMatchObject({ status: "error", database: "unavailable" });
  });
});
