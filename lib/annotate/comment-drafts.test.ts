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

/** A Storage of the tab's own, in memory: what sessionStorage does for one tab. */
function tabStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe("comment drafts across a reload", () => {
  it("come back from the tab's storage, and an unreadable entry is ignored", () => {
    const storage = tabStorage();
    const first = new CommentDrafts({ storage, key: "marginalia:drafts:u:d" });
    first.set("compose-a", { id: "a", quote: "tactical" }, "Who says so?");
    first.set("reply-c1", { id: "a", quote: "tactical" }, "Agreed");
    first.delete("reply-c1");

    const reloaded = new CommentDrafts({ storage, key: "marginalia:drafts:u:d" });
    expect(reloaded.get("compose-a")).toBe("Who says so?");
    expect(reloaded.has("reply-c1")).toBe(false);
    reloaded.takeOrphans(() => false);
    expect(storage.items.has("marginalia:drafts:u:d")).toBe(false);

    storage.setItem("marginalia:drafts:u:d", "{not json");
    expect(new CommentDrafts({ storage, key: "marginalia:drafts:u:d" }).size).toBe(0);
    storage.setItem("marginalia:drafts:u:d", JSON.stringify([{ key: "compose-a" }, { key: "k", annotationId: "a", quote: "q", text: "kept" }]));
    expect(new CommentDrafts({ storage, key: "marginalia:drafts:u:d" }).get("k")).toBe("kept");
  });
});
