import { describe, expect, it } from "vitest";
import { generateJoinCode, JOIN_CODE_ALPHABET, normalizeJoinCode } from "./join-code.ts";

describe("join codes", () => {
  it("are six characters of the unambiguous alphabet", () => {
    for (let run = 0; run < 200; run++) {
      const code = generateJoinCode();
      expect(code).toHaveLength(6);
      for (const character of code) expect(JOIN_CODE_ALPHABET).toContain(character);
    }
  });

  it("are read whatever the case, spaces and dashes", () => {
    expect(normalizeJoinCode("ack 39f")).toBe("ACK39F");
    expect(normalizeJoinCode(" AC-K39-F ")).toBe("ACK39F");
  });

  it("refuse what cannot be a code", () => {
    expect(normalizeJoinCode("ACK39")).toBeNull();
    expect(normalizeJoinCode("ACK39FF")).toBeNull();
    // O and 0 are not in the alphabet: a typed look-alike is not silently mapped to something else.
    expect(normalizeJoinCode("ACK390")).toBeNull();
    expect(normalizeJoinCode("")).toBeNull();
  });
});
