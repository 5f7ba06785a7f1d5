import { isStorageFull } from "@/lib/db/storage-full.ts";

export type StorageFullAlarm = {
  /** True while the last write of the update store failed because the disk is full. */
  isFull(): boolean;
  /** From the store's onError: returns whether this failure was a full disk. */
  writeFailed(error: unknown): boolean;
  /** From the store's onWrite: space is back. */
  writeSucceeded(): void;
  /**
   * Waits for `work`, but rejects with `refusal()` as soon as a write fails on a full disk, so
   * a request does not hang until an operator frees space (the store keeps retrying meanwhile).
   */
  unlessFull<T>(work: Promise<T>, refusal: () => Error): Promise<T>;
};

/** Tells the realtime server's writers (the REST API) that storage is full, instead of leaving them waiting. */
export function createStorageFullAlarm(): StorageFullAlarm {
  let full = false;
  const waiters = new Set<() => void>();
  return {
    isFull: () => full,
    writeFailed(error) {
      full = isStorageFull(error);
      if (full) for (const alarm of [...waiters]) alarm();
      return full;
    },
    writeSucceeded() {
      full = false;
    },
    async unlessFull(work, refusal) {
      let alarm = () => {};
      const refused = new Promise<never>((_, reject) => (alarm = () => reject(refusal())));
      waiters.add(alarm);
      try {
        return await Promise.race([work, refused]);
      } finally {
        waiters.delete(alarm);
      }
    },
  };
}
