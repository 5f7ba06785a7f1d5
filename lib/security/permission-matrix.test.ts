import { describe, expect, it } from "vitest";
import { ACTIONS, can } from "@/lib/workspaces/policy.ts";
import { OPERATIONS, PRINCIPALS, WORKSPACE_ROLE, expectedOutcome, permissionCells } from "./permission-matrix.ts";

describe("permission matrix", () => {
  it("has one cell per principal and operation, with unique operation ids", () => {
    expect(permissionCells()).toHaveLength(PRINCIPALS.length * OPERATIONS.length);
    expect(new Set(OPERATIONS.map((operation) => operation.id)).size).toBe(OPERATIONS.length);
  });

  it("tries every policy action on some surface but members.read, which only the members page shows", () => {
    const tried = new Set(OPERATIONS.flatMap((operation) => (operation.grant.kind === "workspace" ? [operation.grant.action] : [])));
    expect(ACTIONS.filter((action) => !tried.has(action))).toEqual(["members.read"]);
  });

  it("follows the policy for members on every workspace surface, and refuses everyone else", () => {
    for (const operation of OPERATIONS) {
      const { grant } = operation;
      if (grant.kind !== "workspace") continue;
      for (const principal of PRINCIPALS) {
        const role = WORKSPACE_ROLE[principal];
        const outcome = expectedOutcome(principal, operation);
        if (role) expect(outcome === "allowed", `${principal} ${operation.id}`).toBe(can(role, grant.action));
        else expect(outcome, `${principal} ${operation.id}`).not.toBe("allowed");
      }
    }
  });

  it("lets only teachers run a session and only its participant write their own room", () => {
    const byId = (id: string) => OPERATIONS.find((operation) => operation.id === id)!;
    const allowed = (id: string) => PRINCIPALS.filter((principal) => expectedOutcome(principal, byId(id)) === "allowed");
    expect(allowed("classroom.lock")).toEqual(["owner", "editor", "teacher"]);
    expect(allowed("classroom.session.get")).toEqual(["owner", "editor", "participant", "teacher"]);
    expect(allowed("classroom.room.participant")).toEqual(["participant"]);
    expect(allowed("classroom.room.key")).toEqual(["owner", "editor", "teacher"]);
    expect(allowed("classroom.state.participant")).toEqual(["owner", "editor", "participant", "teacher"]);
    expect(allowed("classroom.state.key")).toEqual(["owner", "editor", "teacher"]);
    expect(allowed("metrics.read")).toEqual([]);
  });
});
