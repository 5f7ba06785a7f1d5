import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { presenceFieldsSchema, type PresenceUser } from "@/lib/realtime/presence-schema.ts";

export const AWARENESS_LIMITS = {
  /** Bytes of one client awareness message; what use-presence sends is a few hundred. */
  maxMessageBytes: 8 * 1024,
  /** Bytes of one state's JSON. */
  maxStateBytes: 2 * 1024,
  /** States in one message: a client announces its own (one per Y.Doc). */
  maxEntries: 4,
};

export type AwarenessVerdict = { ok: true; update: Uint8Array; clientIds: number[] } | { ok: false; reason: string };

/**
 * Checks a client's awareness update and rewrites it so that every state it sets carries the
 * connection's own identity. `user` null (an anonymous demo visitor): nothing is accepted,
 * because the public demo would otherwise let anyone without an account broadcast to every
 * reader; the site shares nothing for them anyway. `mayUse` says whether this connection may
 * set or remove a client id's state (its own, not another connection's).
 */
export function sanitizeAwarenessUpdate(
  update: Uint8Array,
  user: PresenceUser | null,
  mayUse: (clientId: number) => boolean,
  options: { allowFollowMe?: boolean } = {},
): AwarenessVerdict {
  if (!user) return { ok: false, reason: "anonymous visitors share no presence" };
  if (update.byteLength > AWARENESS_LIMITS.maxMessageBytes) return { ok: false, reason: "awareness update too large" };
  const decoder = decoding.createDecoder(update);
  const encoder = encoding.createEncoder();
  const clientIds: number[] = [];
  try {
    const count = decoding.readVarUint(decoder);
    if (count > AWARENESS_LIMITS.maxEntries) return { ok: false, reason: "too many awareness states in one update" };
    encoding.writeVarUint(encoder, count);
    for (let index = 0; index < count; index++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > AWARENESS_LIMITS.maxStateBytes) return { ok: false, reason: "awareness state too large" };
      if (!mayUse(clientId)) return { ok: false, reason: `awareness client ${clientId} belongs to another connection` };
      const state: unknown = JSON.parse(json);
      let sanitized: unknown = null;
      if (state !== null) {
        const fields = presenceFieldsSchema.safeParse(state);
        if (!fields.success) return { ok: false, reason: "awareness state has fields or values that are not allowed" };
        if (fields.data.followMe !== undefined && !options.allowFollowMe) return { ok: false, reason: "only the teacher in a session's key room may ask students to follow" };
        sanitized = { ...fields.data, user };
      }
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, JSON.stringify(sanitized));
      clientIds.push(clientId);
    }
    if (decoding.hasContent(decoder)) return { ok: false, reason: "trailing bytes after the awareness states" };
  } catch {
    return { ok: false, reason: "malformed awareness update" };
  }
  return { ok: true, update: encoding.toUint8Array(encoder), clientIds };
}
