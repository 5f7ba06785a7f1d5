import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { presenceUserOf } from "@/lib/realtime/presence-schema.ts";
import { AWARENESS_LIMITS, sanitizeAwarenessUpdate } from "./sanitize-awareness.ts";

function update(...entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

function states(bytes: Uint8Array): unknown[] {
  const decoder = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(decoder);
  return Array.from({ length: count }, () => {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    return JSON.parse(decoding.readVarString(decoder)) as unknown;
  });
}

const eda = presenceUserOf({ id: "user-eda", name: "Eda" });
const mine = (clientId: number) => clientId === 7;

describe("sanitizeAwarenessUpdate", () => {
  it("replaces whatever user the client claims with the connection's own", () => {
    const verdict = sanitizeAwarenessUpdate(update([7, 3, { user: { id: "user-owner", name: "Owner", color: "#000" }, selection: { start: 1, end: 2 }, typing: null }]), eda, mine);
    expect(verdict.ok && states(verdict.update)).toEqual([{ user: eda, selection: { start: 1, end: 2 }, typing: null }]);
  });

  it("adds the identity to a state that carries none, and lets a connection remove its own state", () => {
    const verdict = sanitizeAwarenessUpdate(update([7, 1, {}], [7, 2, null]), eda, mine);
    expect(verdict.ok && states(verdict.update)).toEqual([{ user: eda }, null]);
  });

  it("refuses anonymous visitors, other connections' client ids, unknown fields, bad values and oversized states", () => {
    const refused = [
      sanitizeAwarenessUpdate(update([7, 1, { selection: null }]), null, mine),
      sanitizeAwarenessUpdate(update([8, 1, null]), eda, mine),
      sanitizeAwarenessUpdate(update([7, 1, { script: "<img>" }]), eda, mine),
      sanitizeAwarenessUpdate(update([7, 1, { selection: { start: -1, end: 2 } }]), eda, mine),
      sanitizeAwarenessUpdate(update([7, 1, { typing: "x".repeat(AWARENESS_LIMITS.maxStateBytes) }]), eda, mine),
      sanitizeAwarenessUpdate(update([7, 1, [1, 2]]), eda, mine),
      sanitizeAwarenessUpdate(update(...Array.from({ length: AWARENESS_LIMITS.maxEntries + 1 }, (_, index): [number, number, unknown] => [7, index, null])), eda, mine),
      sanitizeAwarenessUpdate(new Uint8Array([1, 7, 1, 200]), eda, mine),
    ];
    for (const verdict of refused) expect(verdict.ok).toBe(false);
  });
});
