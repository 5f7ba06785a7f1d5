import { describe, expect, it } from "vitest";
import { createFanOut } from "./fan-out.ts";

function deferred() {
  let resolve = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const bytes = (value: number) => new Uint8Array([value]);

describe("fan-out", () => {
  it("sends nothing before it is stored, and never a later update before an earlier one", async () => {
    const sent: number[] = [];
    const fanOut = createFanOut((message) => sent.push(message[0]!));
    const first = deferred();
    const second = deferred();
    fanOut.push(bytes(1), { ready: first.promise });
    fanOut.push(bytes(2), { ready: second.promise });
    fanOut.push(bytes(3));
    second.resolve();
    await second.promise;
    expect(sent).toEqual([]);
    first.resolve();
    await fanOut.settled();
    expect(sent).toEqual([1, 2, 3]);
    expect(fanOut.size()).toBe(0);
  });

  it("drops an update that was never stored and goes on with the next", async () => {
    const sent: number[] = [];
    const fanOut = createFanOut((message) => sent.push(message[0]!));
    const lost = deferred();
    fanOut.push(bytes(1), { ready: lost.promise });
    fanOut.push(bytes(2));
    lost.reject(new Error("store closed"));
    await fanOut.settled();
    expect(sent).toEqual([2]);
  });

  it("answers one peer in its place in the queue", async () => {
    const everyone: number[] = [];
    const one: number[] = [];
    const fanOut = createFanOut((message) => everyone.push(message[0]!));
    const stored = deferred();
    fanOut.push(bytes(1), { ready: stored.promise });
    fanOut.push(bytes(9), { to: { send: (message) => one.push(message[0]!) } });
    expect(one).toEqual([]);
    stored.resolve();
    await fanOut.settled();
    expect(everyone).toEqual([1]);
    expect(one).toEqual([9]);
  });
});
