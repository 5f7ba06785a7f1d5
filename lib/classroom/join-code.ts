import { randomInt } from "node:crypto";

/**
 * What students type at /join, read off a projector or heard across a room: no letters or
 * digits that look or sound alike (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B, no vowels that spell words).
 */
export const JOIN_CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479";
export const JOIN_CODE_LENGTH = 6;

/** A fresh code, uniformly random over the alphabet (22^6 ≈ 113 million codes). */
export function generateJoinCode(): string {
  let code = "";
  for (let index = 0; index < JOIN_CODE_LENGTH; index++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/**
 * A code as typed ("ack 39f", "ACK-39F") in its stored form, or null when it cannot be one:
 * case does not matter, and spaces and dashes are ignored.
 */
export function normalizeJoinCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]+/g, "");
  if (code.length !== JOIN_CODE_LENGTH) return null;
  for (const character of code) if (!JOIN_CODE_ALPHABET.includes(character)) return null;
  return code;
}
