import { describe, expect, it } from "vitest";
import { parseSessionRoom, sessionRoomName, sessionRoomPrefix } from "./session-rooms.ts";

const doc = "0f7e0a52-4c1e-4a52-9d8e-2b1c3d4e5f60";
const session = "a1b2c3d4-0000-4000-8000-000000000001";
const participant = "b1b2c3d4-0000-4000-8000-000000000002";

describe("session rooms", () => {
  it("names and parses every slot", () => {
    for (const slot of [{ kind: "participant", participantId: participant }, { kind: "key" }, { kind: "class" }, { kind: "peers", group: 0 }, { kind: "peers", group: 3 }] as const) {
      const name = sessionRoomName(doc, session, slot);
      expect(name.startsWith(sessionRoomPrefix(doc, session))).toBe(true);
      expect(parseSessionRoom(name)).toEqual({ documentId: doc, sessionId: session, slot });
    }
  });

  it("refuses slots that do not exist", () => {
    for (const slot of ["teacher", "peers-", "peers-01", "peers-13", "peers-x", "B1B2C3D4-0000-4000-8000-000000000002"]) {
      expect(parseSessionRoom(`${doc}:session:${session}:participant:${slot}`)).toBeNull();
    }
    expect(parseSessionRoom(doc)).toBeNull();
  });
});
