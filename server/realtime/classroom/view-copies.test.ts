import { describe, expect, it } from "vitest";
import type { SessionFacts } from "./read-session.ts";
import { copyAnnotation, viewEntryId as copyId } from "@/lib/classroom/session-view.ts";
import { allowedAuthors, copyAuthor, viewSlots } from "./view-copies.ts";

function facts(overrides: Partial<SessionFacts> = {}, state: Partial<SessionFacts["state"]> = {}): SessionFacts {
  const participants = new Map([
    ["p1", { id: "p1", number: 1, name: "Ada", group: 1, removed: false }],
    ["p2", { id: "p2", number: 2, name: "Ben", group: 2, removed: false }],
    ["p3", { id: "p3", number: 3, name: "Cy", group: 1, removed: true }],
  ]);
  return {
    id: "s",
    documentId: "d",
    workspaceId: "w",
    anonymous: false,
    groupCount: 2,
    state: { mode: "BLIND", locked: false, revealed: false, ended: false, ...state },
    purged: false,
    participants,
    users: new Map(),
    liveTokens: new Set(),
    ...overrides,
  };
}

const p1 = { kind: "participant", participantId: "p1" } as const;

describe("classroom view copies", () => {
  it("lists the views of a session", () => {
    expect(viewSlots(0)).toEqual([{ kind: "class" }, { kind: "peers", group: 0 }]);
    expect(viewSlots(2)).toEqual([{ kind: "class" }, { kind: "peers", group: 1 }, { kind: "peers", group: 2 }]);
  });

  it("shows everyone and the key to the teacher, by name, but no removed student", () => {
    expect(copyAuthor(facts(), { kind: "class" }, p1)).toEqual({ authorId: "p1", authorName: "Ada" });
    expect(copyAuthor(facts(), { kind: "class" }, { kind: "key" })).toEqual({ authorId: "key", authorName: "Answer key" });
    expect(copyAuthor(facts(), { kind: "class" }, { kind: "participant", participantId: "p3" })).toBeNull();
    expect([...allowedAuthors(facts(), { kind: "class" })].sort()).toEqual(["key", "p1", "p2"]);
  });

  it("shows students nothing before the reveal in blind mode, then their group and the key", () => {
    expect(copyAuthor(facts(), { kind: "peers", group: 1 }, p1)).toBeNull();
    expect(copyAuthor(facts(), { kind: "peers", group: 1 }, { kind: "key" })).toBeNull();
    const revealed = facts({}, { revealed: true });
    expect(copyAuthor(revealed, { kind: "peers", group: 1 }, p1)).toEqual({ authorId: "p1", authorName: "Ada" });
    expect(copyAuthor(revealed, { kind: "peers", group: 2 }, p1)).toBeNull();
    expect(copyAuthor(revealed, { kind: "peers", group: 2 }, { kind: "key" })).toEqual({ authorId: "key", authorName: "Answer key" });
    expect(copyAuthor(facts({}, { mode: "OPEN" }), { kind: "peers", group: 2 }, { kind: "key" })).toBeNull();
  });

  it("uses Reader N in anonymous sessions and derives ids from the source room", () => {
    const anonymous = facts({ anonymous: true }, { mode: "OPEN" });
    const author = copyAuthor(anonymous, { kind: "peers", group: 1 }, p1)!;
    expect(author).toEqual({ authorId: "reader-1", authorName: "Reader 1" });
    const record = { id: "3f2504e0-4f89-41d3-9a0c-0305e82c3301", start: 0, end: 1, exact: "a", prefix: "", suffix: "", tag: "context", technique: null, authorId: "p1", authorName: "Ada", createdAt: 1, updatedAt: 1, resolved: true, resolvedBy: "p1", resolvedAt: 2 } as const;
    const copy = copyAnnotation("room-a", record, author);
    expect(copy).toMatchObject({ id: copyId("room-a", record.id), authorId: "reader-1", authorName: "Reader 1", resolvedBy: "reader-1" });
    expect(copyId("room-a", record.id)).not.toBe(copyId("room-b", record.id));
    expect(JSON.stringify(copy)).not.toContain("Ada");
  });
});
