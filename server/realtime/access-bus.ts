import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { z } from "zod";
import type { Logger } from "@/lib/logger.ts";
import { accessEventSchema, type AccessEvent } from "@/lib/realtime/access-event.ts";

const CHANNEL = "marginalia:access";

const envelopeSchema = z.object({ from: z.string(), event: accessEventSchema });

export type AccessBus = {
  /**
   * Delivers the event to this process at once and, with Redis, to every other process.
   * Resolves once it is applied here.
   */
  publish(event: AccessEvent): Promise<void>;
  /** Resolves once events from other processes are heard. */
  ready: Promise<void>;
  close(): Promise<void>;
};

/**
 * Carries access events to every server process. Without Redis this process is alone and the
 * event is delivered locally only. With Redis, events other processes publish are delivered
 * too; one lost while Redis is unreachable is caught by the safety re-check.
 */
export function createAccessBus(options: { redisUrl: string | undefined; logger: Logger; deliver(event: AccessEvent): Promise<void> }): AccessBus {
  const { logger, deliver } = options;
  if (!options.redisUrl) return { publish: deliver, ready: Promise.resolve(), close: async () => {} };

  const instance = randomUUID();
  const publisher = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  for (const connection of [publisher, subscriber]) {
    connection.on("error", (error: unknown) => logger.warn({ err: error }, "redis connection problem (access events)"));
  }
  const ready = subscriber.subscribe(CHANNEL).then(
    () => {},
    (error: unknown) => logger.warn({ err: error }, "could not subscribe to access events; the safety re-check still applies them"),
  );
  subscriber.on("message", (channel: string, message: string) => {
    if (channel !== CHANNEL) return;
    let parsed;
    try {
      parsed = envelopeSchema.safeParse(JSON.parse(message));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      logger.warn({ channel }, "ignoring a malformed access event");
      return;
    }
    if (parsed.data.from !== instance) void deliver(parsed.data.event);
  });

  return {
    ready,
    publish(event) {
      publisher.publish(CHANNEL, JSON.stringify({ from: instance, event })).catch((error: unknown) => logger.warn({ err: error, event }, "could not publish an access event to other processes"));
      return deliver(event);
    },
    async close() {
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
