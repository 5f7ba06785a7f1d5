/** Where a queued message goes: every peer of the room, or one of them. */
export type FanOutTarget = { send(message: Uint8Array): void };

/**
 * A room's outgoing messages in the order its document changed. A message waits until it is
 * `ready` (its update committed to storage) and until every message queued before it has gone,
 * so no peer sees an update that a crash could still take back, nor a later update before an
 * earlier one.
 */
export type FanOut = {
  /**
   * Queues `message` for `to` (every peer when omitted). With `ready` it leaves once that
   * settles: sent when it resolves, dropped when it rejects (the update was never stored).
   */
  push(message: Uint8Array, options?: { ready?: Promise<void>; to?: FanOutTarget }): void;
  /** Resolves once everything queued so far has left the queue. */
  settled(): Promise<void>;
  /** Messages waiting on storage or on earlier messages. */
  size(): number;
};

type Entry = { message: Uint8Array; to: FanOutTarget | undefined; state: "waiting" | "ready" | "dropped"; left: () => void; gone: Promise<void> };

export function createFanOut(broadcast: (message: Uint8Array) => void): FanOut {
  const queue: Entry[] = [];

  function drain() {
    while (queue.length > 0 && queue[0]!.state !== "waiting") {
      const entry = queue.shift()!;
      if (entry.state === "ready") {
        if (entry.to) entry.to.send(entry.message);
        else broadcast(entry.message);
      }
      entry.left();
    }
  }

  return {
    push(message, { ready, to } = {}) {
      let left = () => {};
      const gone = new Promise<void>((resolve) => (left = resolve));
      const entry: Entry = { message, to, state: ready ? "waiting" : "ready", left, gone };
      queue.push(entry);
      if (!ready) return drain();
      ready.then(
        () => {
          entry.state = "ready";
          drain();
        },
        () => {
          entry.state = "dropped";
          drain();
        },
      );
    },
    settled() {
      return queue.at(-1)?.gone ?? Promise.resolve();
    },
    size: () => queue.length,
  };
}
