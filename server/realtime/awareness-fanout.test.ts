import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { createAwarenessFanout } from "./awareness-fanout.ts";

describe("createAwarenessFanout", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends the changes of one window as one message, with the latest state of each client", () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState(null);
    const sent: Uint8Array[] = [];
    const published: Uint8Array[] = [];
    const fanout = createAwarenessFanout(awareness, { windowMs: 20, send: (message) => sent.push(message), publish: (update) => published.push(update) });
    awareness.on("update", ({ added, updated, removed }: Record<string, number[]>) => fanout.changed([...added!, ...updated!, ...removed!], true));

    const clients = Array.from({ length: 50 }, (_, index) => {
      const doc = new Y.Doc();
      doc.clientID = 1_000 + index;
      const client = new awarenessProtocol.Awareness(doc);
      client.setLocalState({ typing: null });
      client.setLocalStateField("typing", `thread-${index}`);
      return client;
    });
    for (const client of clients) awarenessProtocol.applyAwarenessUpdate(awareness, awarenessProtocol.encodeAwarenessUpdate(client, [client.clientID]), "peer");
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(20);
    expect(sent).toHaveLength(1);
    expect(published).toHaveLength(1);

    const receiver = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(receiver, awarenessProtocol.encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()]), null);
    expect(receiver.getStates().get(1_049)).toEqual({ typing: "thread-49" });
    fanout.destroy();
    for (const client of clients) client.destroy();
    awareness.destroy();
  });

  it("sends nothing after it is destroyed", () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    const send = vi.fn();
    const fanout = createAwarenessFanout(awareness, { windowMs: 20, send });
    fanout.changed([awareness.clientID], true);
    fanout.destroy();
    vi.advanceTimersByTime(100);
    expect(send).not.toHaveBeenCalled();
    awareness.destroy();
  });
});
