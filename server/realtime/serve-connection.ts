import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Logger } from "@/lib/logger.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import type { DocChangeVerdict } from "@/lib/realtime/doc-guard.ts";
import { presenceUserOf } from "@/lib/realtime/presence-schema.ts";
import type { WatchedConnection } from "./access-watch.ts";
import type { RealtimeAccess } from "./authenticate-upgrade.ts";
import { awarenessMessage, decodeClientMessage, syncStep1Message, syncStep2Message } from "./messages.ts";
import type { RealtimeMetrics } from "./metrics.ts";
import type { Room, RoomPeer } from "./room-manager.ts";
import { sanitizeAwarenessUpdate } from "./sanitize-awareness.ts";

export type ConnectionLimits = {
  /** Largest frame accepted from a client. */
  maxMessageBytes: number;
  /** A client whose unsent data passes this is cut off rather than buffered without bound. */
  maxBufferedBytes: number;
  /** Ping interval; a client that misses one pong is dropped. */
  pingMs: number;
  /**
   * A client sends its sync request as soon as it is connected; one that sends nothing for
   * this long after the upgrade is holding a socket and a room open for no one, and is closed.
   */
  handshakeTimeoutMs: number;
};

export type ServeConnectionOptions = {
  limits: ConnectionLimits;
  metrics: RealtimeMetrics;
  logger: Logger;
  /** Whether this connection may apply this update to the room (schema and permissions). */
  checkUpdate(room: Room, update: Uint8Array, access: RealtimeAccess): DocChangeVerdict;
  /** The client's first message arrived: the connection is past its handshake. */
  onFirstMessage(): void;
  onClose(): void;
};

/** An update that changes nothing: what a client sends when it has nothing the server lacks. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length <= 2 && update.every((byte) => byte === 0);
}

/** Whether the update continues a client's history past what the document has (it depends on updates the room never got). */
function dependsOnMissing(doc: Y.Doc, update: Uint8Array): boolean {
  const { from } = Y.parseUpdateMeta(update);
  for (const [client, clock] of from) if (clock > Y.getState(doc.store, client)) return true;
  return false;
}

/** A connection may announce this many awareness client ids (one per Y.Doc it syncs). */
const MAX_AWARENESS_IDS = 4;

/**
 * Speaks the y-websocket protocol with one client in one room: sync, updates (checked, and
 * ignored from read-only connections), awareness (under the connection's own identity) and
 * keep-alive. Returns the handle through which access changes reach it.
 */
export function serveConnection(socket: WebSocket, room: Room, initialAccess: RealtimeAccess, options: ServeConnectionOptions): WatchedConnection {
  const { limits, metrics, logger } = options;
  let access = initialAccess;
  let closed = false;
  /** Whether an update from this client was ignored while it was read-only (a locked session, a viewer). */
  let missedUpdates = false;

  function close(code: number, reason: string) {
    if (closed) return;
    // Close reasons are limited to 123 bytes by the WebSocket protocol.
    socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
    cleanup();
  }

  const peer: RoomPeer = {
    clientIds: new Set(),
    send(message) {
      if (closed || socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > limits.maxBufferedBytes) {
        metrics.slowConsumersDropped.inc();
        close(CloseCode.SlowConsumer, "Too much unsent data: the connection is too slow.");
        return;
      }
      metrics.messagesOut.inc();
      socket.send(message);
    },
  };

  function cleanup() {
    if (closed) return;
    closed = true;
    clearInterval(pinger);
    clearTimeout(handshake);
    room.peers.delete(peer);
    awarenessProtocol.removeAwarenessStates(room.awareness, [...peer.clientIds], null);
    options.onClose();
  }

  function handle(data: Uint8Array) {
    metrics.messagesIn.inc();
    if (data.byteLength > limits.maxMessageBytes) {
      close(CloseCode.MessageTooLarge, `Messages are limited to ${limits.maxMessageBytes} bytes.`);
      return;
    }
    let message;
    try {
      message = decodeClientMessage(data);
    } catch (error) {
      metrics.malformedMessages.inc();
      close(CloseCode.MalformedMessage, `Malformed message: ${(error as Error).message}`);
      return;
    }
    switch (message.type) {
      case "syncStep1":
        // Behind the room's queued updates: what it holds that is not stored yet goes out once stored.
        room.fanOut.push(syncStep2Message(room.doc, message.stateVector), { to: peer });
        return;
      case "update": {
        if (isEmptyUpdate(message.update)) return;
        const arrived = performance.now();
        if (!access.canAnnotate && !access.canComment) {
          // Read-only: the update is not applied; the client keeps its local change to itself.
          metrics.updatesRefused.inc({ reason: "read_only" });
          missedUpdates = true;
          return;
        }
        if (missedUpdates && dependsOnMissing(room.doc, message.update)) {
          // Writable again, and this update builds on one ignored while read-only: ask the client
          // to sync (it sends everything the room lacks, this update included) instead of refusing it.
          peer.send(syncStep1Message(room.doc));
          return;
        }
        const verdict = options.checkUpdate(room, message.update, access);
        if (!verdict.ok) {
          metrics.updatesRefused.inc({ reason: "invalid" });
          close(CloseCode.InvalidUpdate, verdict.reason);
          return;
        }
        Y.applyUpdate(room.doc, message.update, peer);
        // The frame leaves for the other connections once it is stored (room.fanOut): the
        // fan-out latency runs until then, durability included.
        void room.fanOut.settled().then(() => metrics.fanOutSeconds.observe((performance.now() - arrived) / 1000));
        metrics.updatesApplied.inc();
        return;
      }
      case "awareness": {
        const { actor, userName, session } = access;
        // In a classroom session only the teacher in the key room shares presence (their
        // selection drives "follow me"); students' own rooms and the views carry none from clients.
        const teacherInKey = session?.slot.kind === "key" && session.caller.kind === "teacher";
        const user = actor && userName !== null && (!session || teacherInKey) ? presenceUserOf({ id: actor.userId, name: userName }) : null;
        const verdict = sanitizeAwarenessUpdate(message.update, user, (clientId) => mayUseAwarenessId(clientId, user?.id), { allowFollowMe: teacherInKey });
        if (!verdict.ok) {
          // Not applied, and the connection stays: a client that is refused presence may still read and write.
          if (user) logger.debug({ room: room.name, userId: user.id, reason: verdict.reason }, "awareness update refused");
          return;
        }
        for (const clientId of verdict.clientIds) claimAwarenessId(clientId);
        awarenessProtocol.applyAwarenessUpdate(room.awareness, verdict.update, peer);
        return;
      }
      case "queryAwareness":
        peer.send(awarenessMessage(room.awareness, [...room.awareness.getStates().keys()]));
        return;
    }
  }

  /**
   * A connection may set or remove only the awareness states it owns. A client id no one holds
   * can be claimed; one held under the same account can be taken over (a browser reconnecting
   * before the server noticed its old socket was gone); anyone else's cannot. States in the
   * room were all written by a server, so their user id can be trusted.
   */
  function mayUseAwarenessId(clientId: number, userId: string | undefined): boolean {
    if (peer.clientIds.has(clientId)) return true;
    const state = room.awareness.getStates().get(clientId) as { user?: { id?: unknown } } | undefined;
    if (state) return userId !== undefined && state.user?.id === userId;
    return peer.clientIds.size < MAX_AWARENESS_IDS;
  }

  function claimAwarenessId(clientId: number) {
    if (peer.clientIds.has(clientId)) return;
    for (const other of room.peers) other.clientIds.delete(clientId);
    peer.clientIds.add(clientId);
  }

  let alive = true;
  const pinger = setInterval(() => {
    if (!alive) {
      socket.terminate();
      cleanup();
      return;
    }
    alive = false;
    socket.ping();
  }, limits.pingMs);
  socket.on("pong", () => (alive = true));
  let greeted = false;
  const handshake = setTimeout(() => {
    metrics.handshakeTimeouts.inc();
    close(CloseCode.HandshakeTimeout, "No sync message after connecting: reconnect.");
  }, limits.handshakeTimeoutMs);
  socket.on("message", (data: Buffer, isBinary: boolean) => {
    // A connection being closed (e.g. cut off as a slow consumer) no longer holds the room.
    if (closed) return;
    if (!greeted) {
      greeted = true;
      clearTimeout(handshake);
      options.onFirstMessage();
    }
    if (!isBinary) {
      metrics.malformedMessages.inc();
      close(CloseCode.MalformedMessage, "Only binary y-websocket messages are accepted.");
      return;
    }
    try {
      handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      logger.error({ err: error, room: room.name }, "realtime message failed");
      close(CloseCode.InternalError, "The server could not process that message.");
    }
  });
  socket.on("close", cleanup);
  socket.on("error", cleanup);

  room.peers.add(peer);
  peer.send(syncStep1Message(room.doc));
  const present = [...room.awareness.getStates().keys()];
  if (present.length > 0) peer.send(awarenessMessage(room.awareness, present));

  return {
    access: () => access,
    setAccess(next) {
      const wasReadOnly = !access.canAnnotate && !access.canComment;
      access = next;
      // Writable again (a session unlocked, a viewer made editor): what the client wrote while
      // its updates were ignored is missing here, and its next update would depend on it.
      // Asking it to sync (step 1) brings those changes in, checked as any update, first.
      if (wasReadOnly && (next.canAnnotate || next.canComment)) peer.send(syncStep1Message(room.doc));
    },
    close,
  };
}
