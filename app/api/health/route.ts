import { getDatabase } from "@/lib/db/registry.ts";
import { checkHealth } from "@/lib/health/check-health.ts";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth(getDatabase().prisma);
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
