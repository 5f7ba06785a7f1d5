import { describe, expect, it } from "vitest";
import { annotationSchema, commentSchema } from "@/lib/realtime/doc-schema.ts";
import { DEFAULT_VOCABULARY } from "@/lib/vocabulary/default-vocabulary.ts";
import { importFixture, kidalText } from "@/test/fixtures/import/fixtures.ts";
import { parseImportFile } from "./parse-import-file.ts";
import { planImport } from "./plan-import.ts";

const text = kidalText();
const DOCUMENT = "0b6e8f6a-3c1d-4f7e-9a2b-1c2d3e4f5a6b";
const plan = (name: string, existingIds: ReadonlySet<string> = new Set(), documentId = DOCUMENT) =>
  planImport({ documentId, text, vocabulary: DEFAULT_VOCABULARY, parsed: parseImportFile(importFixture(name)), existingIds, now: Date.parse("2026-11-30T00:00:00Z") });

describe("planImport", () => {
  it("writes each anchored highlight with its tag, sub-label, thread, original authors and times, and reports the rest", () => {
    const { change, report } = plan("w3c-kidal.jsonld");
    expect(report).toMatchObject({ format: "w3c", imported: 3, comments: 4, skipped: 0, untagged: [] });
    expect(report.orphaned).toEqual([{ exact: "a sentence this article never contained", reason: expect.stringMatching(/not in this document/) }]);
    for (const record of change.annotations) expect(annotationSchema.safeParse(record).success).toBe(true);
    for (const record of change.comments) expect(commentSchema.safeParse(record).success).toBe(true);

    const [enormous, sources] = change.annotations;
    expect(enormous).toMatchObject({ exact: "enormous land and air resources", tag: "propaganda", technique: "loaded-language", authorName: "Awa Traoré", createdAt: Date.parse("2026-11-02T09:15:00Z") });
    expect(enormous!.authorId).toMatch(/^import:[0-9a-f]{32}$/);
    expect(sources).toMatchObject({ tag: "sourcing", technique: "anonymous-source", resolved: true, resolvedBy: sources!.authorId });
    // Thread shape: comment → reply → reply to the reply.
    const thread = change.comments.filter((comment) => comment.annotationId === enormous!.id);
    const byBody = (start: string) => thread.find((comment) => comment.body.startsWith(start))!;
    expect(byBody("“Enormous”").parentId).toBeNull();
    expect(byBody("The French").parentId).toBe(byBody("“Enormous”").id);
    expect(byBody("Fair:").parentId).toBe(byBody("The French").id);
    // One source author is one imported author.
    expect(byBody("Fair:").authorId).toBe(enormous!.authorId);
  });

  it("derives the same ids every time, different ones per document, and skips what the document already holds", () => {
    const first = plan("w3c-kidal.jsonld");
    expect(plan("w3c-kidal.jsonld").change).toEqual(first.change);
    expect(plan("w3c-kidal.jsonld", new Set(), "9f6e8f6a-3c1d-4f7e-9a2b-1c2d3e4f5a6b").change.annotations[0]!.id).not.toBe(first.change.annotations[0]!.id);

    const again = plan("w3c-kidal.jsonld", new Set(first.change.annotations.map((annotation) => annotation.id)));
    expect(again.change).toEqual({ annotations: [], comments: [] });
    expect(again.report).toMatchObject({ imported: 0, comments: 0, skipped: 3 });
    expect(again.report.skippedEntries.every((entry) => entry.reason === "Already imported into this document.")).toBe(true);
  });

  it("imports a Hypothesis export with straight quotes onto the curly text, defaulting unknown tags to context and saying so", () => {
    const { change, report } = plan("hypothesis-kidal.json");
    expect(report).toMatchObject({ format: "hypothesis", imported: 3, comments: 3, orphaned: [] });
    expect(report.skippedEntries).toEqual([{ sourceId: "h-note03", reason: expect.stringMatching(/page note/) }]);
    expect(change.annotations.map(({ exact, tag, technique }) => ({ exact, tag, technique }))).toEqual([
      { exact: "“tactical” withdrawal", tag: "propaganda", technique: "loaded-language" },
      { exact: "It’s difficult to ignore Wagner’s fighters", tag: "sourcing", technique: null },
      { exact: "Independence Square in Bamako", tag: "context", technique: null },
    ]);
    expect(report.untagged).toEqual([{ exact: "Independence Square in Bamako", tags: ["my-own-tag"] }]);
    // The first of the two “tactical” withdrawals, as its context says.
    expect(change.annotations[0]!.start).toBe(Array.from(text.slice(0, text.indexOf("“tactical” withdrawal"))).length);
  });
});
