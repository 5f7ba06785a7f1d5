import type { PrismaClient } from "@/lib/db/database.ts";

export type HealthReport =
  | { status: "ok"; database: "ok" }
  | { status: "error"; database: "unavailable"; reason: string };

const DATABASE_TIMEOUT_MS = 2_000;

/** Asks the database a trivial question, bounded in time so a hung database reads as down. */
export async function checkHealth(prisma: PrismaClient): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
  });
  try {
    await Promise.race([prisma.$queryRaw`SELECT 1`, timeout]);
    return { status: "ok", database: "ok" };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] || error.name : String(error);
    return { status: "error", database: "unavailable", reason };
  } finally {
    clearTimeout(timer);
  }
}
