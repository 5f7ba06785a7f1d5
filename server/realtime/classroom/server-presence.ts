import { createHash } from "node:crypto";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";

/** The origin of presence states the server sets itself (published to other processes like a client's). */
export const SERVER_PRESENCE = Symbol("server presence");

/**
 * How often the server renews the states it sets. Clients (and rooms) drop a state not renewed
 * within 30 s (y-protocols' outdated timeout); y-protocols clients renew their own every 15 s.
 */
export const PRESENCE_RENEW_MS = 15_000;

/** A stable awareness client id for a server-set state, the same in every process (clients use random 32-bit ids). */
export function serverClientId(seed: string): number {
  return createHash("sha256").update(`marginalia-presence:${seed}`).digest().readUInt32BE(0);
}

/**
 * Sets (or with null, removes) the awareness state of `clientId` in a room, as if that client
 * had sent it: the room's peers get it in their next awareness batch and, with Redis, other
 * processes too. The clock moves past whatever this process has seen for the id.
 */
export function setServerPresence(awareness: awarenessProtocol.Awareness, clientId: number, state: Record<string, unknown> | null): void {
  const seen = awareness.meta.get(clientId);
  if (state === null && !awareness.getStates().has(clientId)) return;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, (seen?.clock ?? 0) + 1);
  encoding.writeVarString(encoder, JSON.stringify(state));
  awarenessProtocol.applyAwarenessUpdate(awareness, encoding.toUint8Array(encoder), SERVER_PRESENCE);
}
