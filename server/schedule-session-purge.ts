import { purgeExpiredSessions } from "@/lib/classroom/purge-expired-sessions.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { Logger } from "@/lib/logger.ts";
import type { RealtimeServer } from "./realtime/create-realtime-server.ts";

const DAY_MS = 24 * 60 * 60_000;

/**
 * The classroom retention purge (CLASSROOM_RETENTION_DAYS), run shortly after start and then
 * daily while the server runs. A failure is logged and retried the next day; it never stops the
 * server. `stop` waits for a run under way, so the database is not closed beneath it.
 */
export function scheduleSessionPurge(options: { prisma: PrismaClient; realtime: RealtimeServer; logger: Logger; retentionDays: number }): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    if (stopped) return;
    running = running.then(async () => {
      try {
        const purged = await purgeExpiredSessions(options.prisma, options.realtime, { retentionDays: options.retentionDays });
        if (purged.sessions > 0) options.logger.info({ ...purged, retentionDays: options.retentionDays }, "classroom sessions past retention purged of names");
      } catch (error) {
        options.logger.error({ err: error }, "classroom retention purge failed; retrying tomorrow");
      }
    });
  };
  const first = setTimeout(run, 1_000);
  const daily = setInterval(run, DAY_MS);
  first.unref();
  daily.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(daily);
      await running;
    },
  };
}
