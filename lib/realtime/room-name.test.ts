import { describe, expect, it } from "vitest";
import { formatRoomName, parseRoomName } from "./room-name.ts";

describe("room names", () => {
  it("names a document's shared space by the document id", () => {
    expect(parseRoomName("2e7a3314-4339-4af7-81f4-686d563f0d0d")).toEqual({ kind: "shared", documentId: "2e7a3314-4339-4af7-81f4-686d563f0d0d" });
  });

  it("round-trips participant rooms", () => {
    const room = { kind: "participant", documentId: "doc1", sessionId: "s1", participantId: "u1" } as const;
    expect(parseRoomName(formatRoomName(room))).toEqual(room);
  });

  it("refuses anything else", () => {
    for (const name of ["", "a/b", "../etc", "doc:session:s", "x".repeat(65), "doc1:participant:u1"]) expect(parseRoomName(name)).toBeNull();
  });
});
