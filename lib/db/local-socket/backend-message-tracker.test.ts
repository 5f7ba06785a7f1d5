import { describe, expect, it } from "vitest";
import { BackendMessageTracker } from "./backend-message-tracker.ts";

function message(type: string, body: Buffer | string = Buffer.alloc(0)): Buffer {
  const payload = typeof body === "string" ? Buffer.from(body) : body;
  const header = Buffer.alloc(5);
  header.write(type, 0);
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}

const ready = (status: "I" | "T" | "E") => message("Z", status);

describe("BackendMessageTracker", () => {
  it("is idle once the last message is ReadyForQuery with status I", () => {
    const tracker = new BackendMessageTracker();
    tracker.push(Buffer.concat([message("C", "SELECT 1\0"), ready("I")]));
    expect(tracker.idle).toBe(true);
  });

  it("is not idle inside a transaction block, a failed one, or before any ReadyForQuery", () => {
    for (const status of ["T", "E"] as const) {
      const tracker = new BackendMessageTracker();
      tracker.push(ready(status));
      expect(tracker.idle).toBe(false);
    }
    const parseOnly = new BackendMessageTracker();
    parseOnly.push(message("1"));
    expect(parseOnly.idle).toBe(false);
  });

  it("follows messages split anywhere across chunks", () => {
    const bytes = Buffer.concat([message("D", Buffer.alloc(300, 7)), ready("T"), message("C", "COMMIT\0"), ready("I")]);
    for (let split = 1; split < bytes.length; split += 37) {
      const tracker = new BackendMessageTracker();
      tracker.push(bytes.subarray(0, split));
      tracker.push(bytes.subarray(split));
      expect(tracker.idle).toBe(true);
    }
    const byteByByte = new BackendMessageTracker();
    for (const byte of bytes.subarray(0, bytes.length - 1)) byteByByte.push(Buffer.from([byte]));
    expect(byteByByte.idle).toBe(false);
    byteByByte.push(bytes.subarray(bytes.length - 1));
    expect(byteByByte.idle).toBe(true);
  });
});
