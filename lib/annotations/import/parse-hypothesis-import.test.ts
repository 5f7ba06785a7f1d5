import { describe, expect, it } from "vitest";
import { importFixture } from "@/test/fixtures/import/fixtures.ts";
import { parseHypothesisImport } from "./parse-hypothesis-import.ts";

type ExportFile = { export_date: string; annotations: Array<Record<string, unknown>> };
const exported = () => importFixture("hypothesis-kidal.json") as ExportFile;

describe("parseHypothesisImport", () => {
  it("reads the client's export: quotes and tags, text as the first comment, references as replies, display names as authors", () => {
    const parsed = parseHypothesisImport(exported());
    expect(parsed.format).toBe("hypothesis");
    expect(parsed.items.map((item) => item.sourceId)).toEqual(["h-tact01", "h-wagn02", "h-misc06"]);
    const [tactical, wagner] = parsed.items;
    expect(tactical).toMatchObject({ exact: '"tactical" withdrawal', tags: ["Propaganda", "loaded language"], author: { name: "Dana Ruiz", key: "hypothesis:acct:dana@hypothes.is" } });
    expect(tactical!.prefix).toBeTruthy();
    expect(tactical!.comments.map(({ sourceId, parentSourceId, author, body }) => ({ sourceId, parentSourceId, author: author.name, body }))).toEqual([
      { sourceId: "h-tact01#text", parentSourceId: null, author: "Dana Ruiz", body: "Scare quotes: the article doubts the official word." },
      { sourceId: "h-repl04", parentSourceId: "h-tact01#text", author: "eli", body: "Agreed, and the headline repeats it." },
      { sourceId: "h-repl05", parentSourceId: "h-repl04", author: "Dana Ruiz", body: "See the second paragraph too." },
    ]);
    // No text, no first comment; the account name stands in for a missing display name.
    expect(wagner).toMatchObject({ comments: [], author: { name: "eli" }, created: Date.parse("2026-10-20T11:00:00Z") });
  });

  it("reads the API's search answer the same way", () => {
    const { annotations } = exported();
    expect(parseHypothesisImport({ total: annotations.length, rows: annotations }).items).toEqual(parseHypothesisImport(exported()).items);
  });

  it("skips page notes and replies to them, saying why", () => {
    const { annotations } = exported();
    const parsed = parseHypothesisImport({ rows: [...annotations, { id: "h-reply-to-note", text: "Yes", references: ["h-note03"], target: [{ source: "https://x" }] }] });
    expect(parsed.skipped).toEqual([
      { sourceId: "h-note03", reason: expect.stringMatching(/page note/) },
      { sourceId: "h-reply-to-note", reason: expect.stringMatching(/replies to h-note03/) },
    ]);
  });

  it("skips an annotation whose selectors hold no quote", () => {
    const parsed = parseHypothesisImport({ rows: [{ id: "h-range", target: [{ source: "https://x", selector: [{ type: "RangeSelector", startContainer: "/p[1]" }] }] }] });
    expect(parsed.skipped).toEqual([{ sourceId: "h-range", reason: expect.stringMatching(/no TextQuoteSelector/) }]);
  });

  it("refuses unreadable files, naming the row and field", () => {
    expect(() => parseHypothesisImport({ rows: "many" })).toThrow(/file\.rows: must be a list of annotations/);
    expect(() => parseHypothesisImport({ rows: [{ id: "a", tags: "Propaganda" }] })).toThrow(/rows\[0\]\.tags/);
    expect(() => parseHypothesisImport({ export_date: "2026-01-01", annotations: [{ id: "a", text: "x".repeat(10_001) }] })).toThrow(/annotations\[0\]\.text: must be at most 10000/);
    expect(() => parseHypothesisImport({ rows: [{ text: "no id" }] })).toThrow(/rows\[0\]\.id/);
  });
});
