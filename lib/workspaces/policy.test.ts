import { describe, expect, it } from "vitest";
import { ACTIONS, can, type Action, type Role } from "./policy.ts";

/** The whole permission table, written out: a change to the policy must change this test. */
const EXPECTED: Record<Action, Record<Role, boolean>> = {
  "workspace.read": { OWNER: true, EDITOR: true, COMMENTER: true, VIEWER: true },
  "document.read": { OWNER: true, EDITOR: true, COMMENTER: true, VIEWER: true },
  "document.export": { OWNER: true, EDITOR: true, COMMENTER: true, VIEWER: true },
  "members.read": { OWNER: true, EDITOR: true, COMMENTER: true, VIEWER: true },
  "comment.create": { OWNER: true, EDITOR: true, COMMENTER: true, VIEWER: false },
  "annotation.create": { OWNER: true, EDITOR: true, COMMENTER: false, VIEWER: false },
  "annotation.import": { OWNER: true, EDITOR: true, COMMENTER: false, VIEWER: false },
  "document.import": { OWNER: true, EDITOR: true, COMMENTER: false, VIEWER: false },
  "document.edit": { OWNER: true, EDITOR: true, COMMENTER: false, VIEWER: false },
  "annotations.moderate": { OWNER: true, EDITOR: false, COMMENTER: false, VIEWER: false },
  "members.manage": { OWNER: true, EDITOR: false, COMMENTER: false, VIEWER: false },
  "invites.manage": { OWNER: true, EDITOR: false, COMMENTER: false, VIEWER: false },
  "workspace.rename": { OWNER: true, EDITOR: false, COMMENTER: false, VIEWER: false },
  "workspace.delete": { OWNER: true, EDITOR: false, COMMENTER: false, VIEWER: false },
  "vocabulary.edit": { OWNER: true, EDITOR: false, COMMENTER: false, VIEWER: false },
  "session.run": { OWNER: true, EDITOR: true, COMMENTER: false, VIEWER: false },
};

describe("workspace permission policy", () => {
  it("covers every action", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    for (const role of ["OWNER", "EDITOR", "COMMENTER", "VIEWER"] as const) {
      const allowed = EXPECTED[action][role];
      it(`${role} ${allowed ? "may" : "may not"} ${action}`, () => {
        expect(can(role, action)).toBe(allowed);
      });
    }
  }
});
