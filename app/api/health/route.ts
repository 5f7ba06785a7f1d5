import { getPrisma } from "@/lib/app-context.ts";
import { checkHealth } from "@/lib/health/check-health.ts";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth(getPrisma());
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
