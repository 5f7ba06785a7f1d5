import { describe, expect, it } from "vitest";
import { ownAuthorIds, readTeacherState } from "./teacher-state.ts";

const session = { locked: false, revealed: true, ended: false };

describe("the teacher's awareness entry in a peers view", () => {
  it("is found among other states and read with its spotlight", () => {
    const states = [{ user: { id: "p1", name: "Awa", color: "#000" }, selection: null }, { user: { id: "teacher", name: "Teacher", color: "#123" }, session, spotlight: { start: 4, end: 9 } }];
    expect(readTeacherState(states)).toEqual({ session, spotlight: { start: 4, end: 9 } });
  });

  it("treats a missing or malformed spotlight as none, and a malformed session as no entry", () => {
    expect(readTeacherState([{ user: { id: "teacher" }, session }])).toEqual({ session, spotlight: null });
    expect(readTeacherState([{ user: { id: "teacher" }, session, spotlight: { start: 9, end: 4 } }])).toEqual({ session, spotlight: null });
    expect(readTeacherState([{ user: { id: "teacher" }, session: { locked: "yes" } }])).toBeNull();
    expect(readTeacherState([{ user: { id: "p2" }, session }])).toBeNull();
    expect(readTeacherState([])).toBeNull();
  });

  it("knows a student's own copies under either name", () => {
    expect([...ownAuthorIds({ id: "p1", number: 7 })]).toEqual(["p1", "reader-7"]);
  });
});
