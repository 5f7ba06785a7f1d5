import fc from "fast-check";
import { fuzzMode } from "./fuzz-settings.ts";

/*
 * JSON-shaped inputs as a parsed request body or uploaded file can hold them: everything here
 * survives JSON.stringify/JSON.parse, because that is all an attacker can send.
 */

/** Keys that reach Object.prototype when code copies objects naively. */
export const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"] as const;

/** Numbers at the edges: out of int range, unsafe integers, exponents, negative zero (as JSON spells it). */
export const edgeNumber = fc.oneof(
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5e-324, 0.5, 1e21, Number.MAX_SAFE_INTEGER),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Strings people and attackers send: unicode of every plane, lone surrogates, control characters, RTL marks, very long runs. */
export const edgeString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\uD800", "\uDFFF", "\u202E", "\uFEFF", "<script>alert(1)</script>", "../../etc/passwd", "null", "true", "1e400", "%00", "\r\n"),
  fc.tuple(fc.constantFrom("a", "é", "💥", "\u0000", " "), fc.integer({ min: 1_000, max: fuzzMode.long ? 300_000 : 20_000 })).map(([unit, count]) => unit.repeat(count)),
  ...PROTOTYPE_KEYS.map((key) => fc.constant(key)),
);

/** Any JSON value, biased towards edge numbers and strings, with prototype keys among the keys. */
export const edgeJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    edgeNumber,
    edgeString,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTOTYPE_KEYS)), tie("value"), { maxKeys: 5 }),
  ),
})).value.map(roundTrip);

/** `depth` arrays or objects inside each other around `leaf`: what a recursive walker overflows on. */
export function nested(depth: number, kind: "array" | "object", leaf: unknown = null): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = kind === "array" ? [value] : { a: value };
  return describedAs(value, `<${kind}s nested ${depth} deep>`);
}

/**
 * Gives a value the short description fast-check prints for it in a counterexample: printing a
 * structure thousands of levels deep would overflow the stack and hide the real failure. The
 * description is a non-enumerable symbol, invisible to JSON and to the code under test.
 */
export function describedAs<T>(value: T, description: string): T {
  if (value !== null && typeof value === "object") Object.defineProperty(value, fc.toStringMethod, { value: () => description, enumerable: false });
  return value;
}

export const deepJson = fc
  .tuple(fc.integer({ min: 500, max: 50_000 }), fc.constantFrom("array" as const, "object" as const), edgeJson)
  .map(([depth, kind, leaf]) => nested(depth, kind, leaf));

/** What JSON.parse gives back for `value` (own "__proto__" keys stay own keys, as in a parsed body). */
export function roundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value) ?? "null") as unknown;
}

/** `value` with a prototype key set as an own property, as JSON.parse makes it. */
export function withOwnKey(value: Record<string, unknown>, key: string, inner: unknown): Record<string, unknown> {
  const text = JSON.stringify(value).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(inner) ?? "null"}${Object.keys(value).length ? "," : ""}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * A copy of `value` with one place replaced: `steps` pick the child at each level (modulo the
 * number of children) until a leaf or the steps run out, and that place becomes `replacement`.
 * Mutating a valid file this way reaches the checks deep inside a parser. The replacement is
 * placed as is (never stringified), so it may be deeper than JSON.stringify can walk.
 */
export function mutateAt(value: unknown, steps: readonly number[], replacement: unknown): unknown {
  const copy = roundTrip(value);
  let parent: Record<string | number, unknown> | null = null;
  let key: string | number = "";
  let node = copy;
  for (const step of steps) {
    if (node === null || typeof node !== "object") break;
    const keys: Array<string | number> = Array.isArray(node) ? node.map((_, index) => index) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node as Record<string | number, unknown>;
    key = keys[step % keys.length]!;
    node = parent[key];
  }
  if (parent === null) return replacement;
  parent[key] = replacement;
  return copy;
}

/** `depth` levels of nesting as JSON text, built without recursion (JSON.parse reads it iteratively; JSON.stringify could not write it). */
export function nestedJsonText(depth: number, kind: "array" | "object", leaf = "null"): string {
  return kind === "array" ? `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}${leaf}${"}".repeat(depth)}`;
}

/** A valid JSON value with one place replaced by an edge value, a deep structure, or removed. */
export function mutatedJson(valid: unknown): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.oneof({ weight: 4, arbitrary: edgeJson }, { weight: 1, arbitrary: deepJson }))
    .map(([steps, replacement]) => mutateAt(valid, steps, replacement));
}
