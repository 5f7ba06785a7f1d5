import type { BrowserContext } from "@playwright/test";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import { messageSync, WebsocketProvider } from "y-websocket";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/**
 * Connects to a document's room as the person signed in to `context` (their session cookie and
 * the site's Origin, as their browser would), outside any UI: what a hand-crafted client could do.
 */
export async function connectAs(context: BrowserContext, baseURL: string, documentId: string) {
  const cookie = (await context.cookies(baseURL)).map((entry) => `${entry.name}=${entry.value}`).join("; ");
  class BrowserLikeSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, { headers: { cookie, origin: baseURL } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseURL.replace(/^http/, "ws")}/realtime`, documentId, doc, {
    WebSocketPolyfill: BrowserLikeSocket as never,
    disableBc: true,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("room did not sync within 10 s")), 10_000);
    provider.once("sync", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    doc,
    /**
     * Resolves once the server has answered a sync request sent after everything this client
     * wrote: a server handles one connection's messages in order, so by then it has applied or
     * dropped those writes. What "nothing happened" waits for, instead of a sleep.
     */
    serverHasHandledWrites: () =>
      new Promise<void>((resolve) => {
        provider.synced = false;
        provider.once("sync", () => resolve());
        const message = encoding.createEncoder();
        encoding.writeVarUint(message, messageSync);
        syncProtocol.writeSyncStep1(message, doc);
        provider.ws?.send(encoding.toUint8Array(message));
      }),
    close: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Writes a complete, well-formed annotation entry straight into the room document. */
export function writeRawAnnotation(doc: Y.Doc, fields: Record<string, unknown>): void {
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    doc.getMap("annotations").set(fields.id as string, entry);
    for (const [key, value] of Object.entries(fields)) entry.set(key, value);
  });
}
