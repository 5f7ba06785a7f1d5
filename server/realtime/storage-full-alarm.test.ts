import { describe, expect, it } from "vitest";
import { createStorageFullAlarm } from "./storage-full-alarm.ts";

const diskFull = Object.assign(new Error('could not extend file "base/5/16385": No space left on device'), { code: "53100" });

describe("storage-full alarm", () => {
  it("is raised by a full disk, not by other failures, and lowered by the next good write", () => {
    const alarm = createStorageFullAlarm();
    expect(alarm.writeFailed(new Error("connection refused"))).toBe(false);
    expect(alarm.isFull()).toBe(false);
    expect(alarm.writeFailed(diskFull)).toBe(true);
    expect(alarm.isFull()).toBe(true);
    alarm.writeSucceeded();
    expect(alarm.isFull()).toBe(false);
  });

  it("recognises the disk-full SQLSTATE wrapped by a driver adapter", () => {
    const alarm = createStorageFullAlarm();
    const wrapped = Object.assign(new Error("Raw query failed"), { meta: { driverAdapterError: { cause: { originalCode: "53100" } } } });
    expect(alarm.writeFailed(wrapped)).toBe(true);
  });

  it("lets a waiter give up when a write fails on a full disk, and lets the work finish otherwise", async () => {
    const alarm = createStorageFullAlarm();
    const never = new Promise<void>(() => {});
    const waiting = alarm.unlessFull(never, () => new Error("storage full"));
    alarm.writeFailed(new Error("connection refused"));
    alarm.writeFailed(diskFull);
    await expect(waiting).rejects.toThrow("storage full");
    await expect(alarm.unlessFull(Promise.resolve(7), () => new Error("storage full"))).resolves.toBe(7);
  });
});
