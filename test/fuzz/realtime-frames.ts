import fc from "fast-check";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { MessageType } from "@/server/realtime/messages.ts";
import { PROTOTYPE_KEYS } from "./json-arbitraries.ts";

/*
 * y-websocket frames as a hostile client sends them: random bytes, real frames mutated,
 * lengths that lie, structures nested deeper than any decoder recurses, awareness JSON that is
 * huge or deep, unknown types and floods of tiny frames. Each case is a list of frames sent in
 * one go; `text` frames go out as WebSocket text messages.
 */
export type FrameCase = { kind: string; frames: Array<Uint8Array | string> };

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function bytes(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  return bytes((encoder) => {
    encoding.writeVarUint(encoder, MessageType.Sync);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, payload);
  });
}

function awarenessFrame(states: Array<{ clientId: number; clock: number; json: string }>, count = states.length): Uint8Array {
  const update = bytes((encoder) => {
    encoding.writeVarUint(encoder, count);
    for (const state of states) {
      encoding.writeVarUint(encoder, state.clientId);
      encoding.writeVarUint(encoder, state.clock);
      encoding.writeVarString(encoder, state.json);
    }
  });
  return bytes((encoder) => {
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, update);
  });
}

/** The frames a real client sends, from which mutations start: sync step 1, an update adding a valid annotation, presence, a query. */
export function validFrames(annotation: AnnotationRecord): Uint8Array[] {
  const doc = new Y.Doc();
  const before = Y.encodeStateVector(doc);
  writeAnnotation(doc, annotation);
  const update = Y.encodeStateAsUpdate(doc, before);
  return [
    syncFrame(0, Y.encodeStateVector(doc)),
    syncFrame(2, update),
    syncFrame(1, update),
    awarenessFrame([{ clientId: doc.clientID, clock: 1, json: JSON.stringify({ cursor: null }) }]),
    Uint8Array.of(MessageType.QueryAwareness),
  ];
}

const varUintBytes = (value: number) => bytes((encoder) => encoding.writeVarUint(encoder, value));
const hugeNumber = fc.constantFrom(2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, MAX_SAFE, 2 ** 40);

type Mutation = (frame: Uint8Array) => Uint8Array;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((at): Mutation => (frame) => frame.subarray(0, at % Math.max(1, frame.length))),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }).map((flips): Mutation => (frame) => {
    const copy = Uint8Array.from(frame);
    for (const [at, bit] of flips) if (copy.length > 0) copy[at % copy.length]! ^= 1 << bit;
    return copy;
  }),
  fc.tuple(fc.nat(), hugeNumber).map(([at, value]): Mutation => (frame) => {
    const cut = at % (frame.length + 1);
    return Uint8Array.from([...frame.subarray(0, cut), ...varUintBytes(value), ...frame.subarray(cut)]);
  }),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([at, garbage]): Mutation => (frame) => {
    const cut = at % (frame.length + 1);
    return Uint8Array.from([...frame.subarray(0, cut), ...garbage, ...frame.subarray(cut)]);
  }),
  fc.integer({ min: 0, max: 2 ** 20 }).map((type): Mutation => (frame) => Uint8Array.from([...varUintBytes(type), ...frame.subarray(1)])),
);

/** An update whose only map value is a ContentAny list nested `depth` deep: lib0's decoder reads it recursively. */
function deepAnyUpdate(depth: number): Uint8Array {
  const doc = new Y.Doc();
  const marker = "MARKER-0123456789";
  doc.getMap("annotations").set("deep", marker);
  const update = Y.encodeStateAsUpdate(doc);
  const needle = [119, marker.length, ...Buffer.from(marker)];
  const at = update.findIndex((_, index) => needle.every((byte, offset) => update[index + offset] === byte));
  const nesting = new Uint8Array(depth * 2).map((_, index) => (index % 2 === 0 ? 117 : 1));
  return Uint8Array.from([...update.subarray(0, at), ...nesting, ...update.subarray(at)]);
}

/** An update with Y.Maps nested `depth` deep inside one annotation entry: whatever walks it recursively overflows. */
function deepMapUpdate(depth: number, root: string): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    let map = new Y.Map<unknown>();
    doc.getMap(root).set("deep", map);
    for (let level = 0; level < depth; level++) {
      const inner = new Y.Map<unknown>();
      map.set("x", inner);
      map = inner;
    }
  });
  return Y.encodeStateAsUpdate(doc);
}

const awarenessJson = fc.oneof(
  fc.integer({ min: 100, max: 4_000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  fc.integer({ min: 100, max: 1_300 }).map((depth) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`),
  fc.integer({ min: 1_000, max: 20_000 }).map((size) => JSON.stringify({ cursor: null, user: { name: "x".repeat(size) } })),
  fc.constantFrom(...PROTOTYPE_KEYS).map((key) => `{"${key}":{"polluted":true},"cursor":null}`),
  fc.constantFrom("", "{", "null", "1e400", '"\\ud800"', "[]", '{"followMe":true}', '{"user":{"id":"someone-else","name":"Mallory"}}'),
  fc.json(),
);

export function frameCases(annotation: AnnotationRecord): fc.Arbitrary<FrameCase> {
  const valid = validFrames(annotation);
  const one = (kind: string, frame: fc.Arbitrary<Uint8Array | string>) => frame.map((single): FrameCase => ({ kind, frames: [single] }));
  return fc.oneof(
    one("random bytes", fc.uint8Array({ maxLength: 4_096 })),
    one("mutated valid frame", fc.tuple(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([frame, mutations]) => mutations.reduce((next, mutate) => mutate(next), frame))),
    one("sync with garbage payload", fc.tuple(fc.constantFrom(0, 1, 2, 3, 127, 128), fc.uint8Array({ maxLength: 2_048 })).map(([step, payload]) => syncFrame(step, payload))),
    one("lying length", fc.tuple(fc.constantFrom(MessageType.Sync, MessageType.Awareness), hugeNumber, fc.uint8Array({ maxLength: 64 })).map(([type, length, rest]) => Uint8Array.from([...varUintBytes(type), ...(type === MessageType.Sync ? [2] : []), ...varUintBytes(length), ...rest]))),
    one("deep ContentAny", fc.integer({ min: 1_000, max: 100_000 }).map((depth) => syncFrame(2, deepAnyUpdate(depth)))),
    one("deep Y.Map", fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom("annotations", "comments", "meta", "other")).map(([depth, root]) => syncFrame(2, deepMapUpdate(depth, root)))),
    one("awareness JSON", fc.tuple(fc.array(fc.tuple(fc.nat(), fc.nat(), awarenessJson), { minLength: 1, maxLength: 6 }), fc.option(hugeNumber)).map(([states, count]) => awarenessFrame(states.map(([clientId, clock, json]) => ({ clientId, clock, json })), count ?? states.length))),
    one("unknown message type", fc.tuple(fc.integer({ min: 4, max: MAX_SAFE }), fc.uint8Array({ maxLength: 64 })).map(([type, rest]) => Uint8Array.from([...varUintBytes(type), ...rest]))),
    one("oversized frame", fc.integer({ min: 256 * 1024, max: 600 * 1024 }).map((size) => syncFrame(2, new Uint8Array(size)))),
    one("text frame", fc.string({ maxLength: 64 })),
    fc.array(fc.uint8Array({ minLength: 1, maxLength: 3 }), { minLength: 100, maxLength: 1_000 }).map((frames): FrameCase => ({ kind: "many tiny frames", frames })),
    fc.integer({ min: 100, max: 1_000 }).map((count): FrameCase => ({ kind: "many queries", frames: Array.from({ length: count }, () => Uint8Array.of(MessageType.QueryAwareness)) })),
  ).map((frameCase) => Object.assign(frameCase, { [fc.toStringMethod]: () => `${frameCase.kind}: ${frameCase.frames.length} frame(s), first ${describeFrame(frameCase.frames[0])}` }));
}

function describeFrame(frame: Uint8Array | string | undefined): string {
  if (frame === undefined) return "none";
  if (typeof frame === "string") return `text ${JSON.stringify(frame.slice(0, 40))}`;
  return `${frame.length} bytes ${Buffer.from(frame.subarray(0, 48)).toString("hex")}${frame.length > 48 ? "…" : ""}`;
}
