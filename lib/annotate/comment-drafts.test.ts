import { describe, expect, it } from "vitest";
import { CommentDrafts } from "./comment-drafts.ts";

describe("comment drafts", () => {
  it("keeps text per box, forgets empty text, and hands over the drafts of deleted highlights", () => {
    const drafts = new CommentDrafts();
    drafts.set("compose-a", { id: "a", quote: "tactical" }, "Who says so?");
    drafts.set("reply-c1", { id: "a", quote: "tactical" }, "Agreed, but");
    drafts.set("compose-b", { id: "b", quote: "urban" }, "Source?");
    drafts.set("edit-c2", { id: "b", quote: "urban" }, "   ");
    expect(drafts.get("compose-a")).toBe("Who says so?");
    expect(drafts.has("edit-c2")).toBe(false);

    expect(drafts.takeOrphans((id) => id !== "a")).toEqual([
      { key: "compose-a", annotationId: "a", quote: "tactical", text: "Who says so?" },
      { key: "reply-c1", annotationId: "a", quote: "tactical", text: "Agreed, but" },
    ]);
    expect(drafts.has("compose-a")).toBe(false);
    expect(drafts.takeOrphans((id) => id !== "a")).toEqual([]);
    drafts.delete("compose-b");
    expect(drafts.get("compose-b")).toBeUndefined();
  });
});
