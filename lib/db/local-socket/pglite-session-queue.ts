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
  /** Per client, the message being processed: a client's messages run strictly in order. */
  readonly #chains = new Map<number, Promise<unknown>>();
  readonly #detached = new Set<number>();

  constructor(private readonly pglite: PGlite) {}

  /**
   * Runs one frontend message of `handlerId`, streaming PGlite's answer to `onData`. The
   * handler may call this again before the previous call is over (a second socket read while
   * the first waits for the session): calls are chained, so a Sync never waits for the session
   * behind its own Parse, and each message checks ownership afresh.
   */
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const previous = this.#chains.get(handlerId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.#process(handlerId, message, onData));
    this.#chains.set(handlerId, next);
    return next;
  }

  async #process(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.#detached.has(handlerId)) throw new Error("Client disconnected");
    // The client is leaving, and PGlite's session must go on for the app: the socket's close
    // follows, and clearTransactionIfNeeded cleans up after the client.
    if (message[0] === TERMINATE) return 0;
    if (this.#owner !== handlerId) await this.#acquire(handlerId);
    const tracker = new BackendMessageTracker();
    let bytes = 0;
    // On an error the session stays with this client: the handler detaches on errors, and
    // clearTransactionIfNeeded then rolls back and gives the session back.
    await this.pglite.runExclusive(() =>
      this.pglite.execProtocolRawStream(message, {
        onRawData: (chunk) => {
          bytes += chunk.length;
          tracker.push(chunk);
          onData(chunk);
        },
      }),
    );
    if (tracker.idle) this.#release();
    return bytes;
  }

  getQueueLength(): number {
    return this.#chains.size;
  }

  /** Called by the handler when its client goes, before clearTransactionIfNeeded. */
  clearQueueForHandler(handlerId: number): void {
    this.#detached.add(handlerId);
  }

  /**
   * Cleans up after a client that has gone, even mid-exchange (killed, or a half-sent
   * extended-protocol batch): once its last message is over, whatever it left open is rolled
   * back and any setting it changed with SET is reset (SET applies to the one session the app
   * shares), then the session is given back.
   */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    await this.#chains.get(handlerId)?.catch(() => {});
    this.#chains.delete(handlerId);
    try {
      if (this.#owner !== handlerId) await this.#acquire(handlerId);
      await this.pglite.runExclusive(async () => {
        await this.pglite.execProtocolRaw(SYNC);
        if (this.pglite.isInTransaction()) await this.pglite.execProtocolRaw(simpleQuery("ROLLBACK"));
        await this.pglite.execProtocolRaw(simpleQuery("RESET ALL"));
      });
    } catch {
      // PGlite is closing: nothing is left to clean. (pglite-socket calls this without
      // awaiting it, so a rejection here would be unhandled and stop the server.)
    } finally {
      this.#detached.delete(handlerId);
      if (this.#owner === handlerId) this.#release();
    }
  }

  #acquire(handlerId: number): Promise<void> {
    return new Promise((acquired, failed) => {
      this.pglite
        ._runExclusiveTransaction(
          () =>
            new Promise<void>((release) => {
              this.#owner = handlerId;
              this.#releaseSession = release;
              acquired();
            }),
        )
        .catch(failed);
    });
  }

  #release(): void {
    this.#owner = null;
    const release = this.#releaseSession;
    this.#releaseSession = null;
    release?.();
  }
}
