import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "@/lib/logger.ts";

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
const INSTANCE_ID_BYTES = 8;

export type RelayHandlers = { update(update: Uint8Array): void; awareness(update: Uint8Array): void };

/** Carries a room's updates and awareness between server processes. */
export type Relay = {
  /** Starts receiving the room's messages from other processes; resolves once subscribed. */
  join(room: string, handlers: RelayHandlers): Promise<void>;
  leave(room: string): Promise<void>;
  publishUpdate(room: string, update: Uint8Array): void;
  publishAwareness(room: string, update: Uint8Array): void;
  close(): Promise<void>;
};

const channelOf = (room: string) => `marginalia:room:${room}`;

/**
 * Redis pub/sub between server processes that serve the same rooms. Each process stores only
 * the updates its own clients sent (so every update is stored once) and publishes each one
 * once; the others apply it to their copy of the room without storing it again. Messages
 * carry the sender's instance id so a process ignores its own.
 */
export function createRedisRelay(url: string, logger: Logger): Relay {
  const instanceId = randomBytes(INSTANCE_ID_BYTES);
  const publisher = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
  const subscriber = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
  const handlers = new Map<string, RelayHandlers>();
  for (const connection of [publisher, subscriber]) {
    connection.on("error", (error: unknown) => logger.warn({ err: error }, "redis connection problem"));
  }

  subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => {
    const room = channel.toString().slice(channelOf("").length);
    const handler = handlers.get(room);
    if (!handler || message.length < 1 + INSTANCE_ID_BYTES) return;
    if (message.subarray(1, 1 + INSTANCE_ID_BYTES).equals(instanceId)) return;
    const payload = new Uint8Array(message.subarray(1 + INSTANCE_ID_BYTES));
    if (message[0] === KIND_UPDATE) handler.update(payload);
    else if (message[0] === KIND_AWARENESS) handler.awareness(payload);
  });

  function publish(room: string, kind: number, payload: Uint8Array) {
    const message = Buffer.concat([Buffer.from([kind]), instanceId, payload]);
    publisher.publish(channelOf(room), message).catch((error: unknown) => logger.warn({ err: error, room }, "could not relay to other processes"));
  }

  return {
    async join(room, roomHandlers) {
      handlers.set(room, roomHandlers);
      await subscriber.subscribe(channelOf(room));
    },
    async leave(room) {
      handlers.delete(room);
      await subscriber.unsubscribe(channelOf(room));
    },
    publishUpdate: (room, update) => publish(room, KIND_UPDATE, update),
    publishAwareness: (room, update) => publish(room, KIND_AWARENESS, update),
    async close() {
      handlers.clear();
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
