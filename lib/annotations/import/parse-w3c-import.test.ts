import { describe, expect, it } from "vitest";
import { importFixture } from "@/test/fixtures/import/fixtures.ts";
import { parseW3CImport } from "./parse-w3c-import.ts";

const ORIGIN = "https://marginalia.example/api/v1/annotations";
const A = `${ORIGIN}/8c6f2f3e-1d2b-4c51-9a1e-5b9c0f6d7a01`;

type Collection = { first: { items: Array<Record<string, unknown>> } };
const collection = () => importFixture("w3c-kidal.jsonld") as Collection;

const highlight = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: "Annotation",
  body: [{ type: "TextualBody", purpose: "tagging", value: "context" }],
  target: { source: "https://example.org/a", selector: { type: "TextQuoteSelector", exact: "Kidal airport" } },
  ...extra,
});

describe("parseW3CImport", () => {
  it("reads our exporter's collection: highlights with tag, sub-label and resolution, threads rebuilt from replying annotations in any order", () => {
    const parsed = parseW3CImport(collection());
    expect(parsed.format).toBe("w3c");
    expect(parsed.items.map((item) => item.exact)).toEqual([
      "enormous land and air resources",
      "according to several sources",
      "“tactical” withdrawal",
      "a sentence this article never contained",
    ]);
    const [first, second] = parsed.items;
    expect(first).toMatchObject({ sourceId: A, tags: ["propaganda", "loaded-language"], author: { name: "Awa Traoré" }, resolved: false, created: Date.parse("2026-11-02T09:15:00.000Z") });
    expect(first!.start).toBeGreaterThan(0);
    // The reply to a reply came before its parent in the file; it still hangs under it.
    expect(first!.comments.map(({ sourceId, parentSourceId, author }) => ({ sourceId, parentSourceId, author: author.name }))).toEqual([
      { sourceId: `${A}/comments/5d0b7a9e-7f3c-4e2a-8b1d-2c3e4f5a6b01`, parentSourceId: null, author: "Ben Keïta" },
      { sourceId: `${A}/comments/5d0b7a9e-7f3c-4e2a-8b1d-2c3e4f5a6b02`, parentSourceId: `${A}/comments/5d0b7a9e-7f3c-4e2a-8b1d-2c3e4f5a6b01`, author: "Chloé Martin" },
      { sourceId: `${A}/comments/5d0b7a9e-7f3c-4e2a-8b1d-2c3e4f5a6b03`, parentSourceId: `${A}/comments/5d0b7a9e-7f3c-4e2a-8b1d-2c3e4f5a6b02`, author: "Awa Traoré" },
    ]);
    expect(second).toMatchObject({ tags: ["sourcing", "anonymous-source"], resolved: true });
    expect(second!.comments).toHaveLength(1);
    expect(parsed.skipped).toEqual([]);
  });

  it("reads a page, one annotation and a plain list the same way", () => {
    const items = collection().first.items;
    const fromPage = parseW3CImport({ type: "AnnotationPage", items });
    const fromList = parseW3CImport(items);
    expect(fromPage.items).toEqual(parseW3CImport(collection()).items);
    expect(fromList.items).toEqual(fromPage.items);
    expect(parseW3CImport(items[0]).items.map((item) => item.sourceId)).toEqual([A]);
    expect(parseW3CImport({ type: ["AnnotationCollection"], first: { items } }).items).toHaveLength(4);
  });

  it("turns legacy commenting bodies (our REST API's shape) into first-level comments", () => {
    const parsed = parseW3CImport(
      highlight("urn:x:1", {
        creator: { id: "urn:user:1", name: "Ines" },
        created: "2026-01-01T00:00:00Z",
        body: [
          { type: "TextualBody", purpose: "tagging", value: "context" },
          { type: "TextualBody", purpose: "commenting", value: "First", created: "2026-01-02T00:00:00Z" },
          { type: "TextualBody", purpose: "commenting", value: "Second", creator: { id: "urn:user:2", name: "Jo" } },
        ],
      }),
    );
    expect(parsed.items[0]!.comments.map(({ body, parentSourceId, author, created }) => ({ body, parentSourceId, author: author.name, created }))).toEqual([
      { body: "First", parentSourceId: null, author: "Ines", created: Date.parse("2026-01-02T00:00:00Z") },
      { body: "Second", parentSourceId: null, author: "Jo", created: Date.parse("2026-01-01T00:00:00Z") },
    ]);
  });

  it("skips, with a reason, annotations that quote nothing and replies to nothing in the file", () => {
    const parsed = parseW3CImport([
      highlight("urn:x:1"),
      { id: "urn:x:2", type: "Annotation", body: { type: "TextualBody", value: "about the page" }, target: "https://example.org/a" },
      { id: "urn:x:3", type: "Annotation", motivation: "replying", body: { type: "TextualBody", value: "hm" }, target: "urn:x:elsewhere" },
    ]);
    expect(parsed.items.map((item) => item.sourceId)).toEqual(["urn:x:1"]);
    expect(parsed.skipped).toEqual([
      { sourceId: "urn:x:2", reason: expect.stringMatching(/quotes no text/) },
      { sourceId: "urn:x:3", reason: expect.stringMatching(/replies to urn:x:elsewhere/) },
    ]);
  });

  it("refuses files that are not W3C annotations, or break a rule, naming what is wrong", () => {
    expect(() => parseW3CImport({ hello: "world" })).toThrow(/not a W3C Web Annotation/);
    expect(() => parseW3CImport({ type: "AnnotationCollection", first: "https://example.org/page1" })).toThrow(/only linked/);
    expect(() => parseW3CImport({ type: "AnnotationPage", items: [highlight("urn:x:1", { target: undefined })] })).toThrow(/items\[0\]\.target/);
    expect(() => parseW3CImport([highlight("urn:x:1", { id: 42 })])).toThrow(/\[0\]\.id/);
    expect(() => parseW3CImport([highlight("urn:x:1", { target: { selector: { type: "TextPositionSelector", start: -1, end: 3 } } })])).toThrow(/start: must be a whole number/);
    expect(() => parseW3CImport([highlight("x".repeat(3_000))])).toThrow(/id: must be at most 2048/);
    expect(() => parseW3CImport(Array.from({ length: 5_001 }, (_, index) => highlight(`urn:x:${index}`)))).toThrow(/5001 annotations; import at most 5000/);
  });
});
