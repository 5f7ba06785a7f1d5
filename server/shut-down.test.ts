import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { shutDown } from "./shut-down.ts";

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: "info" }, stream) };
}

describe("shutDown", () => {
  it("exits 0 when everything closed in time", async () => {
    const { logger, lines } = capturedLogger();
    const code = await shutDown({ close: async () => {}, unstored: () => [] }, { timeoutMs: 5_000, logger });
    expect(code).toBe(0);
    expect(lines.at(-1)?.msg).toMatch(/every accepted update is stored/);
  });

  it("past the deadline, names every room and its unstored update count, and exits 1", async () => {
    const { logger, lines } = capturedLogger();
    const never = new Promise<void>(() => {});
    const unstored = [{ room: "doc-a", updates: 3 }, { room: "doc-b", updates: 1 }];
    const code = await shutDown({ close: () => never, unstored: () => unstored }, { timeoutMs: 20, logger });
    expect(code).toBe(1);
    const report = lines.at(-1)!;
    expect(report.level).toBe(60);
    expect(report.rooms).toEqual(unstored);
    expect(report.updates).toBe(4);
    expect(report.msg).toMatch(/could not store 4 accepted update\(s\) in 2 room\(s\) within SHUTDOWN_TIMEOUT_MS \(20 ms\)/);
  });

  it("exits 1 when closing fails", async () => {
    const { logger, lines } = capturedLogger();
    const code = await shutDown({ close: () => Promise.reject(new Error("boom")), unstored: () => [] }, { timeoutMs: 5_000, logger });
    expect(code).toBe(1);
    expect(lines.at(-1)?.msg).toBe("error while stopping");
  });
});
