import { describe, expect, it } from "vitest";
import { peersVisibility, sessionRoomAccess, type SessionAccessState } from "./room-access.ts";

const live: SessionAccessState = { mode: "BLIND", locked: false, revealed: false, ended: false };
const teacher = { kind: "teacher", userId: "u1" } as const;
const student = { kind: "participant", participantId: "p1", group: 2 } as const;

describe("session room access", () => {
  it("lets the teacher write the key and read everything else", () => {
    expect(sessionRoomAccess(teacher, live, { kind: "key" })).toBe("write");
    expect(sessionRoomAccess(teacher, { ...live, ended: true }, { kind: "key" })).toBe("read");
    expect(sessionRoomAccess(teacher, live, { kind: "class" })).toBe("read");
    expect(sessionRoomAccess(teacher, live, { kind: "participant", participantId: "p9" })).toBe("read");
    expect(sessionRoomAccess(teacher, live, { kind: "peers", group: 0 })).toBe("read");
  });

  it("keeps a student to their own room and their group's view", () => {
    expect(sessionRoomAccess(student, live, { kind: "participant", participantId: "p1" })).toBe("write");
    expect(sessionRoomAccess(student, { ...live, locked: true }, { kind: "participant", participantId: "p1" })).toBe("read");
    expect(sessionRoomAccess(student, { ...live, ended: true }, { kind: "participant", participantId: "p1" })).toBe("read");
    expect(sessionRoomAccess(student, live, { kind: "participant", participantId: "p2" })).toBeNull();
    expect(sessionRoomAccess(student, live, { kind: "peers", group: 2 })).toBe("read");
    expect(sessionRoomAccess(student, live, { kind: "peers", group: 1 })).toBeNull();
    expect(sessionRoomAccess(student, { ...live, revealed: true }, { kind: "key" })).toBeNull();
    expect(sessionRoomAccess(student, { ...live, revealed: true }, { kind: "class" })).toBeNull();
  });

  it("shows classmates in open mode or after the reveal, and the key only after it", () => {
    expect(peersVisibility({ mode: "BLIND", revealed: false })).toEqual({ classmates: false, key: false });
    expect(peersVisibility({ mode: "OPEN", revealed: false })).toEqual({ classmates: true, key: false });
    expect(peersVisibility({ mode: "BLIND", revealed: true })).toEqual({ classmates: true, key: true });
  });
});
