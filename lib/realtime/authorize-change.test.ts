import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/workspaces/policy.ts";
import { authorizeChange, type Writer } from "./authorize-change.ts";
import { annotationFixture, commentFixture } from "./record-fixtures.ts";

const writer = (role: Role, userId = "me"): Writer => ({ userId, userName: "Me", role });
const mine = annotationFixture({ authorId: "me", authorName: "Me" });
const theirs = annotationFixture({ authorId: "them", authorName: "Them" });

describe("authorizeChange: annotations", () => {
  it("lets editors and owners highlight in their own name only", () => {
    for (const role of ["OWNER", "EDITOR"] as const) expect(authorizeChange({ kind: "annotation", id: mine.id, before: null, after: mine }, writer(role))).toBeNull();
    for (const role of ["COMMENTER", "VIEWER"] as const) {
      expect(authorizeChange({ kind: "annotation", id: mine.id, before: null, after: mine }, writer(role))).toMatch(/does not allow highlighting/);
    }
    expect(authorizeChange({ kind: "annotation", id: theirs.id, before: null, after: theirs }, writer("EDITOR"))).toMatch(/must be yours/);
  });

  it("lets authors and owners change or delete a highlight, nobody change who wrote it", () => {
    const retagged = { ...theirs, tag: "context" as const };
    expect(authorizeChange({ kind: "annotation", id: theirs.id, before: theirs, after: retagged }, writer("EDITOR"))).toMatch(/only its author or a workspace owner/);
    expect(authorizeChange({ kind: "annotation", id: theirs.id, before: theirs, after: retagged }, writer("OWNER"))).toBeNull();
    expect(authorizeChange({ kind: "annotation", id: mine.id, before: mine, after: { ...mine, tag: "context" } }, writer("EDITOR"))).toBeNull();
    expect(authorizeChange({ kind: "annotation", id: mine.id, before: mine, after: { ...mine, authorId: "x" } }, writer("OWNER"))).toMatch(/authorId cannot be changed/);
    expect(authorizeChange({ kind: "annotation", id: theirs.id, before: theirs, after: null }, writer("EDITOR"))).toMatch(/delete/);
    expect(authorizeChange({ kind: "annotation", id: mine.id, before: mine, after: null }, writer("EDITOR"))).toBeNull();
  });

  it("lets anyone who may comment resolve and reopen a thread, as themselves", () => {
    const resolved = { ...theirs, resolved: true, resolvedBy: "me", resolvedAt: 5, updatedAt: 5 };
    expect(authorizeChange({ kind: "annotation", id: theirs.id, before: theirs, after: resolved }, writer("COMMENTER"))).toBeNull();
    expect(authorizeChange({ kind: "annotation", id: theirs.id, before: theirs, after: { ...resolved, resolvedBy: "them" } }, writer("COMMENTER"))).toMatch(/resolvedBy must be you/);
    expect(authorizeChange({ kind: "annotation", id: theirs.id, before: theirs, after: resolved }, writer("VIEWER"))).toMatch(/resolving/);
    const reopened = { ...resolved, resolved: false, resolvedBy: null, resolvedAt: null };
    expect(authorizeChange({ kind: "annotation", id: theirs.id, before: resolved, after: reopened }, writer("COMMENTER"))).toBeNull();
  });
});

describe("authorizeChange: comments", () => {
  const myComment = commentFixture(theirs.id, { authorId: "me", authorName: "Me" });
  const theirComment = commentFixture(theirs.id, { authorId: "them", authorName: "Them" });
  const change = (before: typeof myComment | null, after: typeof myComment | null, annotationDeleted = false) =>
    ({ kind: "comment", id: (before ?? after)!.id, before, after, annotationDeleted }) as const;

  it("lets commenters and up comment in their own name; viewers not at all", () => {
    expect(authorizeChange(change(null, myComment), writer("COMMENTER"))).toBeNull();
    expect(authorizeChange(change(null, myComment), writer("VIEWER"))).toMatch(/does not allow commenting/);
    expect(authorizeChange(change(null, theirComment), writer("OWNER"))).toMatch(/must be yours/);
  });

  it("lets authors edit and delete their comments, owners only blank someone else's", () => {
    expect(authorizeChange(change(myComment, { ...myComment, body: "Edited" }), writer("COMMENTER"))).toBeNull();
    expect(authorizeChange(change(theirComment, { ...theirComment, body: "Edited" }), writer("EDITOR"))).toMatch(/only its author/);
    expect(authorizeChange(change(theirComment, { ...theirComment, body: "Edited" }), writer("OWNER"))).toMatch(/only its author/);
    expect(authorizeChange(change(theirComment, { ...theirComment, deleted: true, body: "" }), writer("OWNER"))).toBeNull();
    expect(authorizeChange(change(myComment, { ...myComment, annotationId: "elsewhere" }), writer("COMMENTER"))).toMatch(/annotationId cannot be changed/);
  });

  it("removes comments outright only together with their annotation", () => {
    expect(authorizeChange(change(theirComment, null), writer("EDITOR"))).toMatch(/marked deleted/);
    expect(authorizeChange(change(theirComment, null, true), writer("EDITOR"))).toBeNull();
  });
});
