import * as awarenessProtocol from "y-protocols/awareness";
import { awarenessMessage } from "./messages.ts";

export type AwarenessFanout = {
  /** Notes changed client ids; `local`: they came from this process's clients (so other processes need them). */
  changed(clientIds: readonly number[], local: boolean): void;
  /** Stops: nothing pending is sent. */
  destroy(): void;
};

/**
 * Sends awareness changes to a room's peers in batches: every change within `windowMs` goes
 * out as one message per peer holding the latest state of each changed client. A room of 500
 * renewing their presence (y-protocols does every 15 s) or reconnecting together would
 * otherwise cost one frame per change per peer: 500² frames.
 */
export function createAwarenessFanout(
  awareness: awarenessProtocol.Awareness,
  options: { windowMs: number; send(message: Uint8Array): void; publish?(update: Uint8Array): void },
): AwarenessFanout {
  const pending = new Set<number>();
  const pendingLocal = new Set<number>();
  let timer: NodeJS.Timeout | undefined;

  function flush() {
    timer = undefined;
    const changed = [...pending];
    const local = [...pendingLocal];
    pending.clear();
    pendingLocal.clear();
    options.send(awarenessMessage(awareness, changed));
    if (local.length > 0) options.publish?.(awarenessProtocol.encodeAwarenessUpdate(awareness, local));
  }

  return {
    changed(clientIds, local) {
      for (const id of clientIds) {
        pending.add(id);
        if (local) pendingLocal.add(id);
      }
      if (pending.size > 0) timer ??= setTimeout(flush, options.windowMs);
    },
    destroy() {
      clearTimeout(timer);
      timer = undefined;
      pending.clear();
      pendingLocal.clear();
    },
  };
}
