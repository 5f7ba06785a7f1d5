const READY_FOR_QUERY = "Z".charCodeAt(0);
const IDLE = "I".charCodeAt(0);

/**
 * Follows the messages PGlite writes back to a wire client, chunk by chunk, to tell when the
 * client's exchange is over: the last message is ReadyForQuery with status idle ("I"), not "T"
 * (in a transaction block) or "E" (in a failed one). An extended-protocol exchange (Parse,
 * Bind, ... without Sync yet) or a COPY in progress ends with no ReadyForQuery at all.
 */
export class BackendMessageTracker {
  readonly #header = Buffer.alloc(5);
  #headerBytes = 0;
  #bodyLeft = 0;
  #lastType: number | null = null;
  #readyStatus: number | null = null;

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#headerBytes < 5) {
        const take = Math.min(5 - this.#headerBytes, chunk.length - offset);
        this.#header.set(chunk.subarray(offset, offset + take), this.#headerBytes);
        this.#headerBytes += take;
        offset += take;
        if (this.#headerBytes === 5) {
          this.#lastType = this.#header[0]!;
          this.#readyStatus = null;
          this.#bodyLeft = this.#header.readInt32BE(1) - 4;
          if (this.#bodyLeft <= 0) this.#headerBytes = 0;
        }
        continue;
      }
      if (this.#lastType === READY_FOR_QUERY && this.#readyStatus === null) this.#readyStatus = chunk[offset]!;
      const take = Math.min(this.#bodyLeft, chunk.length - offset);
      this.#bodyLeft -= take;
      offset += take;
      if (this.#bodyLeft === 0) this.#headerBytes = 0;
    }
  }

  /** True when everything written so far ends with ReadyForQuery "idle". */
  get idle(): boolean {
    return this.#headerBytes === 0 && this.#lastType === READY_FOR_QUERY && this.#readyStatus === IDLE;
  }
}
