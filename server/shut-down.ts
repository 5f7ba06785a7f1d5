import type { Logger } from "@/lib/logger.ts";

export type Stoppable = {
  /** Stops accepting, stores every accepted update, closes connections and the database. */
  close(): Promise<void>;
  /** Accepted updates not stored yet, per room. */
  unstored(): { room: string; updates: number }[];
};

/**
 * Stops the server within a deadline and says how it went as an exit code: 0 when everything
 * accepted was stored and closed, 1 when closing failed or the deadline passed first (the
 * database is down: the update store keeps retrying). Past the deadline, the log names every
 * room and how many of its updates are lost, so an operator knows what to ask people to redo.
 */
export async function shutDown(server: Stoppable, { timeoutMs, logger }: { timeoutMs: number; logger: Logger }): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadline">((resolve) => {
    timer = setTimeout(() => resolve("deadline"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([server.close().then(() => "closed" as const), deadline]);
    if (outcome === "closed") {
      logger.info("stopped: every accepted update is stored");
      return 0;
    }
    const rooms = server.unstored();
    const updates = rooms.reduce((sum, room) => sum + room.updates, 0);
    logger.fatal(
      { timeoutMs, rooms, updates },
      updates > 0
        ? `could not store ${updates} accepted update(s) in ${rooms.length} room(s) within SHUTDOWN_TIMEOUT_MS (${timeoutMs} ms); they are lost unless a client still holds them`
        : `could not finish stopping within SHUTDOWN_TIMEOUT_MS (${timeoutMs} ms); every accepted update was stored`,
    );
    return 1;
  } catch (error) {
    logger.fatal({ err: error, rooms: server.unstored() }, "error while stopping");
    return 1;
  } finally {
    clearTimeout(timer);
  }
}
