import type { BrowserContext } from "@playwright/test";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
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
