import { describe, expect, it } from "vitest";
import { extractMentionIds } from "@/lib/comments/comment-markup.ts";
import { anonymizeCommentBody } from "./anonymize-comment-body.ts";

describe("anonymizeCommentBody", () => {
  const people = new Map([
    ["0b6f4c1e-aaaa-4bbb-8ccc-000000000001", { id: "reader-1", name: "Reader 1" }],
    ["0b6f4c1e-aaaa-4bbb-8ccc-000000000002", { id: "reader-2", name: "Reader 2" }],
  ]);

  it("points every mention at the pseudonym, leaving neither name nor id", () => {
    const body = "Ask @[Awa Traoré](user:0b6f4c1e-aaaa-4bbb-8ccc-000000000002) and @[Ben](user:0b6f4c1e-aaaa-4bbb-8ccc-000000000001)!";
    const result = anonymizeCommentBody(body, people);
    expect(result).toBe("Ask @[Reader 2](user:reader-2) and @[Reader 1](user:reader-1)!");
    expect(extractMentionIds(result)).toEqual(["reader-2", "reader-1"]);
  });

  it("replaces a known id written outside a mention, and a mention of someone unknown", () => {
    const result = anonymizeCommentBody("see /users/0b6f4c1e-aaaa-4bbb-8ccc-000000000001 and @[Zoé](user:someone-else)", people);
    expect(result).toBe("see /users/reader-1 and @[Reader](user:reader)");
  });
});
