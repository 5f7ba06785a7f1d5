import type { PGlite } from "@electric-sql/pglite";
import { BackendMessageTracker } from "./backend-message-tracker.ts";

const TERMINATE = "X".charCodeAt(0);

function simpleQuery(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`);
  const message = Buffer.alloc(5 + body.length);
  message.write("Q", 0);
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

/**
 * PGlite is one PostgreSQL session. The app uses it in-process (every `query`, `exec` and
 * `transaction` holds PGlite's transaction lock while it runs), and wire clients on the local
 * socket would otherwise slip their statements between the app's, or into the app's
 * transaction, and the app's into theirs. This queue gives a wire client the whole session for
 * one exchange: from its first message until PGlite answers ReadyForQuery "idle" (the end of a
 * simple query, or of a Sync outside a transaction block, or COMMIT/ROLLBACK). Meanwhile the app
 * and other wire clients wait their turn in PGlite's own lock, in arrival order.
 *
 * It replaces pglite-socket's QueryQueueManager, which queues single messages: between a
 * client's Parse and Sync, or BEGIN and COMMIT, the in-process app could run its own.
 *
 * Consequence for operators: a psql session with an open transaction blocks the app until it
 * commits or disconnects (disconnecting rolls back). Keep `BEGIN` in psql short.
 */
export class PgliteSessionQueue {
  #owner: number | null = null;
  #releaseSession: (() => void) | null = null;
  #running: number | null = null;
  readonly #waiting = new Set<number>();
  readonly #detached = new Set<number>();

  constructor(private readonly pglite: PGlite) {}

  /** Runs one frontend message of `handlerId`, streaming PGlite's answer to `onData`. */
  async enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    // The client is leaving, and PGlite's session must go on for the app: the socket's close
    // follows, and clearTransactionIfNeeded cleans up after the client.
    if (message[0] === TERMINATE) return 0;
    if (this.#owner !== handlerId) await this.#acquire(handlerId);
    if (this.#detached.has(handlerId)) {
      await this.#endExchange(handlerId);
      throw new Error("Client disconnected while waiting for the database");
    }
    const tracker = new BackendMessageTracker();
    let bytes = 0;
    this.#running = handlerId;
    try {
      await this.pglite.runExclusive(() =>
        this.pglite.execProtocolRawStream(message, {
          onRawData: (chunk) => {
            bytes += chunk.length;
            tracker.push(chunk);
            onData(chunk);
          },
        }),
      );
    } catch (error) {
      this.#running = null;
      await this.#endExchange(handlerId);
      throw error;
    }
    this.#running = null;
    if (tracker.idle || this.#detached.has(handlerId)) await this.#endExchange(handlerId);
    return bytes;
  }

  getQueueLength(): number {
    return this.#waiting.size;
  }

  /** Called by the handler when its client goes; the exchange it may hold is ended below. */
  clearQueueForHandler(handlerId: number): void {
    this.#detached.add(handlerId);
  }

  /**
   * Called by the handler after clearQueueForHandler. Rolls back what the client left open and
   * resets any setting it changed (SET applies to the one session the app shares). A message
   * still running or waiting for the session does this itself when it is over.
   */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.#running === handlerId || this.#waiting.has(handlerId)) return;
    if (this.#owner !== handlerId) await this.#acquire(handlerId);
    await this.#endExchange(handlerId);
  }

  #acquire(handlerId: number): Promise<void> {
    this.#waiting.add(handlerId);
    return new Promise((acquired, failed) => {
      this.pglite
        ._runExclusiveTransaction(
          () =>
            new Promise<void>((release) => {
              this.#waiting.delete(handlerId);
              this.#owner = handlerId;
              this.#releaseSession = release;
              acquired();
            }),
        )
        .catch((error: unknown) => {
          this.#waiting.delete(handlerId);
          failed(error);
        });
    });
  }

  /**
   * Gives the session back. After a client has gone (even mid-exchange: killed, or a half-sent
   * extended-protocol batch) its unfinished work is rolled back and its settings reset first.
   */
  async #endExchange(handlerId: number): Promise<void> {
    if (this.#owner !== handlerId) return;
    try {
      if (this.#detached.has(handlerId)) {
        await this.pglite.runExclusive(async () => {
          await this.pglite.execProtocolRaw(SYNC);
          if (this.pglite.isInTransaction()) await this.pglite.execProtocolRaw(simpleQuery("ROLLBACK"));
          await this.pglite.execProtocolRaw(simpleQuery("RESET ALL"));
        });
        this.#detached.delete(handlerId);
      }
    } finally {
      this.#owner = null;
      const release = this.#releaseSession;
      this.#releaseSession = null;
      release?.();
    }
  }
}
