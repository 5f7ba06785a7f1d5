import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "@/lib/logger.ts";

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
/** "Read this room from storage again": sent after a connection to Redis came back. */
const KIND_RESYNC = 2;
const INSTANCE_ID_BYTES = 8;

export type RelayHandlers = {
  update(update: Uint8Array): void;
  awareness(update: Uint8Array): void;
  /** Messages may have been missed (Redis was unreachable): catch up from storage. */
  resync(): void;
};

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
    else if (message[0] === KIND_RESYNC) handler.resync();
  });

  /*
   * Pub/sub keeps nothing for a subscriber that is away, and a publish made while the publisher
   * is away fails. So when either connection comes back, this process reads its open rooms from
   * storage again (once subscribed, so nothing falls in between) and asks the other processes to
   * do the same: they may have missed what it published meanwhile.
   */
  const recover = async () => {
    const rooms = [...handlers.keys()];
    if (rooms.length === 0) return;
    await subscriber.subscribe(...rooms.map(channelOf));
    logger.info({ rooms: rooms.length }, "redis is back; resyncing open rooms from storage");
    for (const room of rooms) {
      handlers.get(room)?.resync();
      publish(room, KIND_RESYNC, new Uint8Array());
    }
  };
  for (const connection of [publisher, subscriber]) {
    let connectedBefore = false;
    connection.on("ready", () => {
      if (connectedBefore) recover().catch((error: unknown) => logger.warn({ err: error }, "could not resync after redis came back"));
      connectedBefore = true;
    });
  }

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
