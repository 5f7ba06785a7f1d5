import { randomUUID } from "node:crypto";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";

export type Person = { userId: string; name: string; token: string };

/**
 * A person editing a room as the app does, through a real y-websocket client that reconnects
 * on its own (as a browser tab does): highlights, and comments on anyone's highlights.
 */
export type Editor = {
  person: Person;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Ids of entries (highlights and comments) this client wrote. */
  written: Set<string>;
  /** Ids of entries that reached this client from the server: someone else's, as relayed. */
  received: Set<string>;
  /** Connections that the server closed or lost, so far. */
  closes(): number;
  /** Resolves once synced with a server (at once if synced now). */
  synced(): Promise<void>;
  /** Starts one edit every `intervalMs`; `random` picks what and where. */
  start(intervalMs: number, random: () => number): void;
  stop(): void;
  /** One edit now; returns the id of the entry it wrote. */
  edit(random: () => number): string;
  destroy(): void;
};

/** Every annotation and comment id in the document. */
export function entryIds(doc: Y.Doc): Set<string> {
  return new Set([...readAnnotations(doc).map((entry) => entry.id), ...readComments(doc).map((entry) => entry.id)]);
}

export function connectEditor(wsUrl: string, room: string, text: string, person: Person): Editor {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, room, doc, { WebSocketPolyfill: WebSocket as never, params: { token: person.token }, disableBc: true, maxBackoffTime: 200 });
  const written = new Set<string>();
  const received = new Set<string>();
  let closes = 0;
  provider.on("connection-close", () => closes++);
  for (const root of ["annotations", "comments"] as const) {
    doc.getMap(root).observe((event) => {
      if (event.transaction.origin !== provider) return;
      for (const key of event.keysChanged) if (doc.getMap(root).has(key)) received.add(key);
    });
  }
  let timer: NodeJS.Timeout | undefined;

  function edit(random: () => number): string {
    const now = Date.now();
    const annotations = readAnnotations(doc);
    const id = randomUUID();
    const author = { authorId: person.userId, authorName: person.name, createdAt: now, updatedAt: now };
    if (annotations.length > 0 && random() < 0.35) {
      const on = annotations[Math.floor(random() * annotations.length)]!;
      writeComment(doc, { id, annotationId: on.id, parentId: null, body: `Source for “${on.exact}”?`, deleted: false, ...author });
    } else {
      const start = Math.floor(random() * (text.length - 8));
      writeAnnotation(doc, { id, ...textQuoteAnchor(text, start, start + 1 + Math.floor(random() * 7)), tag: "sourcing", technique: null, resolved: false, resolvedBy: null, resolvedAt: null, ...author });
    }
    written.add(id);
    return id;
  }

  return {
    person,
    doc,
    provider,
    written,
    received,
    closes: () => closes,
    synced: () =>
      new Promise<void>((resolve) => {
        if (provider.synced) resolve();
        else provider.once("sync", () => resolve());
      }),
    start(intervalMs, random) {
      timer ??= setInterval(() => edit(random), intervalMs);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    edit,
    destroy() {
      clearInterval(timer);
      provider.destroy();
      doc.destroy();
    },
  };
}
