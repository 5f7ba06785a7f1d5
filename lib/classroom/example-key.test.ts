import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { allIndexesOfCodePoints } from "@/lib/annotations/code-points.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article.ts";
import { demoArticlePath } from "@/lib/documents/seed-demo-document.ts";
import { annotationSchema, commentSchema } from "@/lib/realtime/doc-schema.ts";
import { DEFAULT_VOCABULARY } from "@/lib/vocabulary/default-vocabulary.ts";
import { EXAMPLE_KEY } from "./example-key-data.ts";
import { exampleKeyRecords } from "./example-key.ts";

const text = canonicalBodyText(parsePlainTextArticle(fs.readFileSync(demoArticlePath(), "utf8")).blocks);
const author = { authorId: "key", authorName: "Answer key", now: 1_700_000_000_000 };

describe("the demo article's example key", () => {
  it("has 10–15 passages, each quoted exactly once in the article", () => {
    expect(EXAMPLE_KEY.length).toBeGreaterThanOrEqual(10);
    expect(EXAMPLE_KEY.length).toBeLessThanOrEqual(15);
    for (const item of EXAMPLE_KEY) expect(allIndexesOfCodePoints(text, item.exact), item.slug).toHaveLength(1);
    expect(new Set(EXAMPLE_KEY.map((item) => item.slug)).size).toBe(EXAMPLE_KEY.length);
  });

  it("uses sub-labels of the default vocabulary and short explanations", () => {
    for (const item of EXAMPLE_KEY) {
      expect(DEFAULT_VOCABULARY[item.tag].map((label) => label.id), item.slug).toContain(item.technique);
      const sentences = item.explanation.split(/(?<=[.?!])\s+/).length;
      expect(sentences, item.slug).toBeGreaterThanOrEqual(1);
      expect(sentences, item.slug).toBeLessThanOrEqual(3);
    }
    expect(new Set(EXAMPLE_KEY.map((item) => item.tag))).toEqual(new Set(["propaganda", "sourcing", "context"]));
  });

  it("anchors every passage into the text as valid room records, an explanation per highlight", () => {
    const records = exampleKeyRecords(text, author);
    expect(records.unanchored).toEqual([]);
    expect(records.annotations).toHaveLength(EXAMPLE_KEY.length);
    for (const annotation of records.annotations) expect(annotationSchema.safeParse(annotation).success).toBe(true);
    for (const comment of records.comments) expect(commentSchema.safeParse(comment).success).toBe(true);
    expect(records.comments.map((comment) => comment.annotationId)).toEqual(records.annotations.map((annotation) => annotation.id));
    const starts = records.annotations.map((annotation) => annotation.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("derives the same ids every time, so writing the key twice changes nothing", () => {
    const again = exampleKeyRecords(text, { ...author, now: author.now + 1 });
    expect(again.annotations.map((annotation) => annotation.id)).toEqual(exampleKeyRecords(text, author).annotations.map((annotation) => annotation.id));
    expect(new Set(again.comments.map((comment) => comment.id)).size).toBe(EXAMPLE_KEY.length);
  });

  it("leaves out a passage an edited text no longer holds, instead of guessing", () => {
    const edited = text.replace("according to several sources", "according to officials");
    const records = exampleKeyRecords(edited, author);
    expect(records.unanchored).toEqual(["several-sources"]);
    expect(records.annotations).toHaveLength(EXAMPLE_KEY.length - 1);
  });
});
