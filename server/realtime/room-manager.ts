import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { PrismaClient } from "@/lib/db/database.ts";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import type { Logger } from "@/lib/logger.ts";
import { createDocGuard, type DocGuard } from "@/lib/realtime/doc-guard.ts";
import { parseSessionRoom, type SessionRoom } from "@/lib/classroom/session-rooms.ts";
import { parseRoomName } from "@/lib/realtime/room-name.ts";
import { createAwarenessFanout } from "./awareness-fanout.ts";
import { createFanOut, type FanOut } from "./fan-out.ts";
import { updateMessage } from "./messages.ts";
import type { Relay } from "./redis-relay.ts";
import type { UpdateStore } from "./update-store.ts";

/** One open connection as a room sees it. */
export type RoomPeer = {
  send(message: Uint8Array): void;
  /** Awareness client ids this connection announced, removed when it leaves. */
  clientIds: Set<number>;
};

export type Room = {
  name: string;
  /** A document's shared annotation space, or one room of a classroom session (see lib/classroom/session-rooms.ts). */
  kind: "shared" | "session";
  /** The session and slot, for a session room. */
  session: SessionRoom | null;
  documentId: string;
  workspaceId: string | null;
  /** Length of the document's canonical text in code points: annotations must end inside it. */
  textLength: number;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /** Checks client updates against the schema and permissions before they are applied. */
  guard: DocGuard;
  peers: Set<RoomPeer>;
  /**
   * The room's outgoing document messages, in order: each waits until the update it carries is
   * stored, so no one sees a change that a crash of this process could take back.
   */
  fanOut: FanOut;
};

/** Update origins that must not be written to the log again. */
export const LOADED = Symbol("loaded from storage");
export const REMOTE = Symbol("from another server process");

export type RoomManagerOptions = {
  prisma: PrismaClient;
  store: UpdateStore;
  logger: Logger;
  /** With several server processes: how rooms hear each other's changes. */
  relay?: Relay;
  /** Called for every change applied here (not for loaded or remote ones), after it is queued for storage. */
  onLocalUpdate?: (room: Room, update: Uint8Array, durable: Promise<void>) => void;
  onAwareness?: (room: Room, update: Uint8Array) => void;
  /** Awareness changes within this many ms go to each peer as one message (default 20). */
  awarenessBatchMs?: number;
  onRoomOpened?: (room: Room) => void;
  /** Last work on a room before it leaves memory (e.g. bringing its projection up to date). */
  beforeUnload?: (room: Room) => Promise<void>;
  onRoomClosed?: (room: Room) => void;
};

export type RoomManager = {
  /** Opens the room (loading it once, however many ask at the same time) and holds it open. */
  acquire(name: string): Promise<Room>;
  /** Lets go of a hold; the last one unloads the room once its writes are stored. */
  release(room: Room): void;
  /** The room if it is open in this process, without opening it. */
  find(name: string): Room | undefined;
  rooms(): Room[];
  closeAll(): Promise<void>;
};

export class UnknownRoomError extends Error {
  override name = "UnknownRoomError";
}

export function createRoomManager(options: RoomManagerOptions): RoomManager {
  const { prisma, store, logger } = options;
  const loading = new Map<string, Promise<Room>>();
  const open = new Map<string, Room>();
  const holds = new Map<string, number>();

  async function load(name: string): Promise<Room> {
    const parsed = parseRoomName(name);
    const session = parsed?.kind === "participant" ? parseSessionRoom(name) : null;
    if (!parsed || (parsed.kind !== "shared" && !session)) throw new UnknownRoomError(`There is no room named ${name}.`);
    const document = await prisma.document.findUnique({ where: { id: parsed.documentId }, select: { id: true, workspaceId: true, body: true } });
    if (!document) throw new UnknownRoomError(`There is no document ${parsed.documentId}.`);

    // Subscribe before reading storage: what other processes send meanwhile is kept and
    // applied after the stored state (applying an update twice is harmless in Yjs).
    const early: [kind: "update" | "awareness", payload: Uint8Array][] = [];
    let ready: Room | null = null;
    await options.relay?.join(name, {
      update: (update) => (ready ? Y.applyUpdate(ready.doc, update, REMOTE) : early.push(["update", update])),
      awareness: (update) => (ready ? awarenessProtocol.applyAwarenessUpdate(ready.awareness, update, REMOTE) : early.push(["awareness", update])),
      // Messages may have been lost while Redis was away; other processes relay only what they
      // stored, so storage has all of it (a room still loading reads storage anyway).
      resync: () => {
        if (!ready) return;
        const room = ready;
        store.read(name).then(
          (state) => Y.applyUpdate(room.doc, state, REMOTE),
          (error: unknown) => logger.warn({ err: error, room: name }, "could not resync the room from storage"),
        );
      },
    });
    const doc = new Y.Doc();
    let state: Uint8Array;
    try {
      state = await store.load(name);
    } catch (error) {
      await options.relay?.leave(name);
      throw error;
    }
    if (state.length > 0) Y.applyUpdate(doc, state, LOADED);
    const peers = new Set<RoomPeer>();
    const room: Room = {
      name,
      kind: session ? "session" : "shared",
      session,
      documentId: document.id,
      workspaceId: document.workspaceId,
      textLength: codePointLength(canonicalBodyText(bodySchema.parse(document.body))),
      doc,
      awareness: new awarenessProtocol.Awareness(doc),
      guard: createDocGuard(doc),
      peers,
      fanOut: createFanOut((message) => {
        for (const peer of peers) peer.send(message);
      }),
    };
    // The server is not a participant: it holds no awareness state of its own.
    room.awareness.setLocalState(null);

    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOADED) return;
      // Another process relays only what it has stored: ready at once, yet after what came before.
      if (origin === REMOTE) return room.fanOut.push(updateMessage(update));
      const durable = store.append(name, update);
      room.fanOut.push(updateMessage(update), { ready: durable });
      options.onLocalUpdate?.(room, update, durable);
    });
    const fanout = createAwarenessFanout(room.awareness, {
      windowMs: options.awarenessBatchMs ?? 20,
      send: (message) => {
        for (const peer of room.peers) peer.send(message);
      },
      publish: (update) => options.onAwareness?.(room, update),
    });
    room.awareness.on("destroy", () => fanout.destroy());
    room.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const peer = origin as RoomPeer | undefined;
      if (peer?.clientIds) {
        for (const id of added) peer.clientIds.add(id);
        for (const id of removed) peer.clientIds.delete(id);
      }
      fanout.changed([...added, ...updated, ...removed], origin !== REMOTE);
    });
    for (const [kind, payload] of early) {
      if (kind === "update") Y.applyUpdate(doc, payload, REMOTE);
      else awarenessProtocol.applyAwarenessUpdate(room.awareness, payload, REMOTE);
    }
    ready = room;
    open.set(name, room);
    options.onRoomOpened?.(room);
    return room;
  }

  async function unloadIfIdle(name: string) {
    const pending = loading.get(name);
    if (!pending || (holds.get(name) ?? 0) > 0) return;
    const room = await pending;
    await store.flush(name);
    await options.beforeUnload?.(room);
    // Someone may have joined while the writes were being stored.
    if ((holds.get(name) ?? 0) > 0 || loading.get(name) !== pending) return;
    loading.delete(name);
    holds.delete(name);
    open.delete(name);
    await options.relay?.leave(name);
    room.guard.destroy();
    room.awareness.destroy();
    room.doc.destroy();
    options.onRoomClosed?.(room);
    logger.debug({ room: name }, "room unloaded");
  }

  return {
    async acquire(name) {
      holds.set(name, (holds.get(name) ?? 0) + 1);
      let pending = loading.get(name);
      if (!pending) {
        pending = load(name);
        loading.set(name, pending);
        // A failed load is forgotten, so the next attempt tries again.
        pending.catch(() => {
          if (loading.get(name) === pending) loading.delete(name);
        });
      }
      try {
        return await pending;
      } catch (error) {
        holds.set(name, (holds.get(name) ?? 1) - 1);
        throw error;
      }
    },
    release(room) {
      const remaining = (holds.get(room.name) ?? 1) - 1;
      holds.set(room.name, remaining);
      if (remaining <= 0) {
        unloadIfIdle(room.name).catch((error: unknown) => logger.error({ err: error, room: room.name }, "could not unload room"));
      }
    },
    find(name) {
      return open.get(name);
    },
    rooms() {
      return [...open.values()];
    },
    async closeAll() {
      await store.flush();
      for (const pending of loading.values()) {
        const room = await pending.catch(() => null);
        room?.guard.destroy();
        room?.awareness.destroy();
        room?.doc.destroy();
      }
      loading.clear();
      open.clear();
      holds.clear();
    },
  };
}
