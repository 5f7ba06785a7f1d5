import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article.ts";
import { demoArticlePath } from "@/lib/documents/seed-demo-document.ts";
import { AppError } from "@/lib/errors.ts";
import { annotationSchema, type AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { annotationFixture, commentFixture } from "@/lib/realtime/record-fixtures.ts";
import { sliceCodePoints } from "./code-points.ts";
import { textQuoteAnchor } from "./text-quote-anchor.ts";
import { parseW3CAnnotationInput, toW3CAnnotation, toW3CCollection } from "./w3c.ts";

const kidal = canonicalBodyText(parsePlainTextArticle(fs.readFileSync(demoArticlePath(), "utf8")).blocks);

const options = {
  documentUrl: "https://marginalia.example/api/v1/documents/6f1c2d4e-0000-4000-8000-000000000001",
  annotationBaseUrl: "https://marginalia.example/api/v1/annotations/",
  userBaseUrl: "https://marginalia.example/users/",
  tagVocabularyUrl: "https://marginalia.example/vocab#",
};

/** An annotation of the first “tactical” withdrawal, anchored like the client would anchor it. */
function kidalRecord(overrides: Partial<AnnotationRecord> = {}): AnnotationRecord {
  const start = kidal.indexOf("“tactical” withdrawal");
  return annotationFixture({ ...textQuoteAnchor(kidal, start, start + "“tactical” withdrawal".length), ...overrides });
}

const tagging = (value: string) => ({ type: "TextualBody", purpose: "tagging", value });
const quote = (exact: string, extra: Record<string, string> = {}) => ({ type: "TextQuoteSelector", exact, ...extra });

/** The message and field of the AppError `run` throws. */
function errorOf(run: () => unknown): { message: string; field: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) {
      expect(error.code).toBe("BAD_REQUEST");
      return { message: error.message, field: error.field };
    }
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("the Kidal fixture", () => {
  it("has the quote twice, so it is a real disambiguation case", () => {
    expect(kidal.split("“tactical” withdrawal").length - 1).toBe(2);
    expect(annotationSchema.safeParse(kidalRecord()).success).toBe(true);
  });
});

describe("toW3CAnnotation", () => {
  it("maps a record, its technique and its thread to a W3C Annotation", () => {
    const record = kidalRecord({ createdAt: Date.UTC(2023, 10, 15, 9, 30), updatedAt: Date.UTC(2023, 10, 15, 10, 0) });
    const first = commentFixture(record.id, { createdAt: 2, body: "Whose word is “tactical”?" });
    const reply = commentFixture(record.id, { createdAt: 3, parentId: first.id, body: "The rebels' own." });
    const deleted = commentFixture(record.id, { createdAt: 1, deleted: true, body: "" });
    const elsewhere = commentFixture(annotationFixture().id, { createdAt: 0 });

    const w3c = toW3CAnnotation(record, [reply, elsewhere, deleted, first], options);
    expect(w3c).toEqual({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      id: `${options.annotationBaseUrl}${record.id}`,
      type: "Annotation",
      motivation: "tagging",
      created: "2023-11-15T09:30:00.000Z",
      modified: "2023-11-15T10:00:00.000Z",
      creator: { id: `${options.userBaseUrl}${record.authorId}`, type: "Person", name: "Awa Traoré" },
      body: [
        { type: "TextualBody", id: `${options.tagVocabularyUrl}propaganda`, purpose: "tagging", value: "propaganda" },
        { type: "TextualBody", id: `${options.tagVocabularyUrl}euphemism`, purpose: "classifying", value: "euphemism" },
        {
          type: "TextualBody",
          purpose: "commenting",
          value: "Whose word is “tactical”?",
          format: "text/plain",
          creator: { id: `${options.userBaseUrl}${first.authorId}`, type: "Person", name: "Jean Dupont" },
          created: "1970-01-01T00:00:00.002Z",
        },
        expect.objectContaining({ purpose: "commenting", value: "The rebels' own." }),
      ],
      target: {
        source: options.documentUrl,
        selector: [
          { type: "TextQuoteSelector", exact: "“tactical” withdrawal", prefix: "s withdrew. Officially, it is a ", suffix: " to avoid urban fighting which w" },
          { type: "TextPositionSelector", start: 912, end: 933 },
        ],
      },
    });
  });

  it("records resolution as an assessing body and leaves out an unset technique", () => {
    const record = kidalRecord({ technique: null, resolved: true, resolvedBy: "u-9", resolvedAt: Date.UTC(2023, 10, 16) });
    expect(toW3CAnnotation(record, [], options).body).toEqual([
      { type: "TextualBody", id: `${options.tagVocabularyUrl}propaganda`, purpose: "tagging", value: "propaganda" },
      {
        type: "TextualBody",
        purpose: "assessing",
        value: "resolved",
        creator: { id: `${options.userBaseUrl}u-9`, type: "Person" },
        created: "2023-11-16T00:00:00.000Z",
      },
    ]);
    expect(JSON.stringify(toW3CAnnotation(record, [], options))).not.toMatch(/marginalia:/);
  });
});

describe("toW3CCollection", () => {
  it("wraps annotations in one page, and an empty collection still has its page", () => {
    const item = toW3CAnnotation(kidalRecord(), [], options);
    const id = "https://marginalia.example/api/v1/documents/d1/annotations";
    expect(toW3CCollection([item], { id, label: "Annotations on the Kidal article" })).toEqual({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      id,
      type: "AnnotationCollection",
      label: "Annotations on the Kidal article",
      total: 1,
      first: { type: "AnnotationPage", id: `${id}#page1`, items: [item] },
    });
    expect(toW3CCollection([], { id, label: "None yet" })).toMatchObject({
      total: 0,
      first: { type: "AnnotationPage", id: `${id}#page1`, items: [] },
    });
  });
});

describe("parseW3CAnnotationInput", () => {
  it("round-trips: record → W3C → input gives the same anchor and tag", () => {
    for (const occurrence of [kidal.indexOf("“tactical” withdrawal"), kidal.lastIndexOf("“tactical” withdrawal")]) {
      const record = annotationFixture({ ...textQuoteAnchor(kidal, occurrence, occurrence + 21), tag: "context", technique: null });
      const input = parseW3CAnnotationInput(toW3CAnnotation(record, [], options), kidal);
      expect(input).toEqual({
        start: record.start,
        end: record.end,
        exact: record.exact,
        prefix: record.prefix,
        suffix: record.suffix,
        tag: "context",
        technique: null,
        comment: null,
      });
    }
  });

  it("round-trips by quote alone: the stored prefix and suffix pick the right occurrence", () => {
    const second = kidal.lastIndexOf("“tactical” withdrawal");
    const record = annotationFixture(textQuoteAnchor(kidal, second, second + 21));
    const [quoteSelector] = toW3CAnnotation(record, [], options).target.selector;
    const input = parseW3CAnnotationInput({ type: "Annotation", body: tagging("propaganda"), target: { selector: quoteSelector } }, kidal);
    expect(input).toMatchObject({ start: second, end: second + 21, prefix: record.prefix, suffix: record.suffix });
  });

  it("finds a unique quote and recomputes prefix and suffix from the text", () => {
    const input = parseW3CAnnotationInput(
      {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        type: "Annotation",
        body: [
          tagging("sourcing"),
          { type: "TextualBody", purpose: "classifying", value: " unnamed-sources " },
          { type: "TextualBody", purpose: "commenting", value: "Which sources?", format: "text/plain" },
        ],
        target: { source: options.documentUrl, selector: quote("according to several sources", { prefix: "whatever" }) },
      },
      kidal,
    );
    const start = kidal.indexOf("according to several sources");
    expect(input).toEqual({
      start,
      end: start + 28,
      exact: "according to several sources",
      prefix: sliceCodePoints(kidal, start - 32, start),
      suffix: sliceCodePoints(kidal, start + 28, start + 60),
      tag: "sourcing",
      technique: "unnamed-sources",
      comment: "Which sources?",
    });
    expect(input.prefix).toBe("rds the north.\n\nNo figures but, "); // context crosses the paragraph break
  });

  it("disambiguates the repeated “tactical” withdrawal by prefix or suffix", () => {
    const first = kidal.indexOf("“tactical” withdrawal");
    const second = kidal.lastIndexOf("“tactical” withdrawal");
    const parse = (selector: object) => parseW3CAnnotationInput({ type: "Annotation", body: tagging("propaganda"), target: { selector } }, kidal);
    expect(parse(quote("“tactical” withdrawal", { prefix: "Officially, it is a " }))).toMatchObject({ start: first });
    expect(parse(quote("“tactical” withdrawal", { suffix: " mentioned by the Tuaregs" }))).toMatchObject({ start: second });
    expect(parse([quote("“tactical” withdrawal", { prefix: "And the " }), { type: "CssSelector", value: "p" }])).toMatchObject({
      start: second,
    });
    expect(errorOf(() => parse(quote("“tactical” withdrawal")))).toEqual({
      message:
        "target.selector: the quote “\u201ctactical\u201d withdrawal” occurs 2 times in the article; add a prefix or suffix, or a TextPositionSelector, to say which.",
      field: "target.selector",
    });
  });

  it("accepts a position alone, or a position that agrees with the quote", () => {
    const start = kidal.indexOf("triumphalist speech");
    const position = { type: "TextPositionSelector", start, end: start + 19 };
    const parse = (selector: unknown) =>
      parseW3CAnnotationInput({ type: "Annotation", body: [tagging("propaganda")], target: [{ selector }] }, kidal);
    expect(parse(position)).toMatchObject({ start, end: start + 19, exact: "triumphalist speech" });
    expect(parse([quote("triumphalist speech"), position])).toMatchObject({ start, exact: "triumphalist speech" });
  });

  it("refuses a position and quote that disagree, and positions outside the text", () => {
    const start = kidal.indexOf("triumphalist speech");
    const parse = (selector: unknown) => parseW3CAnnotationInput({ type: "Annotation", body: tagging("propaganda"), target: { selector } }, kidal);
    expect(errorOf(() => parse([quote("tactical withdrawal"), { type: "TextPositionSelector", start, end: start + 19 }]))).toEqual({
      message: `target.selector: the text at ${start}–${start + 19} is “triumphalist speech”, not the quote “tactical withdrawal”.`,
      field: "target.selector",
    });
    expect(errorOf(() => parse({ type: "TextPositionSelector", start: 3000, end: 3081 })).message).toBe(
      "target.selector: the position 3000–3081 is not a passage of the article (its text has 3080 code points).",
    );
    expect(errorOf(() => parse({ type: "TextPositionSelector", start: 10, end: 10 })).field).toBe("target.selector");
    expect(errorOf(() => parse({ type: "TextPositionSelector", start: -1, end: 10 })).field).toBe("target.selector");
    expect(errorOf(() => parse({ type: "TextPositionSelector", start: 1.5, end: 10 })).field).toBe("target.selector");
  });

  it("refuses a quote that is not in the article", () => {
    const result = errorOf(() =>
      parseW3CAnnotationInput({ type: "Annotation", body: tagging("propaganda"), target: { selector: quote("tactical withdrawal") } }, kidal),
    );
    expect(result).toEqual({
      message: "target.selector: the quote “tactical withdrawal” is not in the article.",
      field: "target.selector",
    });
  });

  it("refuses a missing or doubled tagging body and an unknown tag", () => {
    const target = { selector: quote("triumphalist speech") };
    const parse = (body: unknown) => parseW3CAnnotationInput({ type: "Annotation", body, target }, kidal);
    expect(errorOf(() => parse(undefined))).toMatchObject({ field: "body", message: expect.stringMatching(/^body: add a tagging body/) });
    expect(errorOf(() => parse({ type: "TextualBody", purpose: "commenting", value: "Hm." }))).toMatchObject({
      field: "body",
      message: expect.stringMatching(/^body: give exactly one tagging body \(found 0\)/),
    });
    expect(errorOf(() => parse([tagging("context"), tagging("sourcing")])).message).toMatch(/found 2/);
    expect(errorOf(() => parse(tagging("opinion")))).toEqual({
      message: "body: the tag “opinion” is not one of propaganda, sourcing, context.",
      field: "body",
    });
    expect(errorOf(() => parse([tagging("context"), { purpose: "assessing", value: "resolved" }])).message).toMatch(/“assessing” is not supported/);
    expect(errorOf(() => parse([tagging("context"), { purpose: "commenting", value: "   " }])).message).toMatch(/comment must be 1–10,000/);
    expect(errorOf(() => parse([tagging("context"), { purpose: "commenting", value: "<b>x</b>", format: "text/html" }])).message).toMatch(
      /plain text/,
    );
    expect(errorOf(() => parse([tagging("context"), { type: "SpecificResource", purpose: "classifying", value: "x" }])).message).toMatch(
      /TextualBody/,
    );
  });

  it("refuses input that is not an Annotation with one target and a selector", () => {
    const body = tagging("context");
    expect(errorOf(() => parseW3CAnnotationInput("nope", kidal))).toEqual({ message: "The annotation must be a JSON object.", field: undefined });
    expect(errorOf(() => parseW3CAnnotationInput({ type: "Note", body }, kidal)).field).toBe("type");
    expect(errorOf(() => parseW3CAnnotationInput({ type: "Annotation", body }, kidal)).field).toBe("target");
    expect(errorOf(() => parseW3CAnnotationInput({ type: "Annotation", body, target: [{}, {}] }, kidal)).field).toBe("target");
    expect(errorOf(() => parseW3CAnnotationInput({ type: "Annotation", body, target: options.documentUrl }, kidal)).field).toBe(
      "target.selector",
    );
    expect(errorOf(() => parseW3CAnnotationInput({ type: "Annotation", body, target: { source: 5, selector: quote("Kidal") } }, kidal)).field).toBe(
      "target.source",
    );
    expect(errorOf(() => parseW3CAnnotationInput({ type: "Annotation", body, target: { selector: { type: "XPathSelector" } } }, kidal)).message).toBe(
      "target.selector: select a passage with a TextQuoteSelector and/or a TextPositionSelector.",
    );
  });

  it("counts offsets in code points when the article contains emoji", () => {
    const text = canonicalBodyText([
      { type: "paragraph", text: "🇲🇱 Live: 😀 the army entered Kidal." },
      { type: "paragraph", text: "Officially, it is a “tactical” withdrawal 👍." },
    ]);
    const input = parseW3CAnnotationInput(
      { type: "Annotation", body: tagging("propaganda"), target: { selector: quote("“tactical” withdrawal 👍") } },
      text,
    );
    const utf16Start = text.indexOf("“tactical”");
    expect(input.start).toBe(utf16Start - 3); // three astral code points before it, each two UTF-16 units
    expect(input.end - input.start).toBe(23);
    expect(sliceCodePoints(text, input.start, input.end)).toBe("“tactical” withdrawal 👍");
    expect(input.suffix).toBe(".");
    expect(Array.from(input.prefix)).toHaveLength(32);

    const byPosition = parseW3CAnnotationInput(
      { type: "Annotation", body: tagging("propaganda"), target: { selector: { type: "TextPositionSelector", start: 3, end: 7 } } },
      text,
    );
    expect(byPosition.exact).toBe("Live"); // the flag is two code points (regional indicators)

    // The W3C output carries the same code-point offsets and round-trips.
    const record = annotationFixture({
      start: input.start,
      end: input.end,
      exact: input.exact,
      prefix: input.prefix,
      suffix: input.suffix,
      technique: null,
    });
    expect(annotationSchema.safeParse(record).success).toBe(true);
    expect(parseW3CAnnotationInput(toW3CAnnotation(record, [], options), text)).toMatchObject({ start: input.start, end: input.end });
  });
});
