import { describe, expect, it } from "vitest";
import { renderJsonLd } from "./render-jsonld.ts";
import { HOSTILE_SCRIPT, sampleExportModel } from "./sample-export-model.ts";

type Item = Record<string, unknown> & { id: string; motivation: string; target: unknown; body: unknown; creator: unknown };

async function collection() {
  return JSON.parse(await renderJsonLd(sampleExportModel())) as { "@context": string; id: string; type: string; label: string; total: number; first: { type: string; items: Item[] } };
}

describe("renderJsonLd", () => {
  it("is one W3C AnnotationCollection: highlights in reading order, then comments oldest first", async () => {
    const data = await collection();
    expect(data["@context"]).toBe("http://www.w3.org/ns/anno.jsonld");
    expect(data).toMatchObject({ type: "AnnotationCollection", id: "https://marginalia.test/api/v1/documents/doc-1/export?format=jsonld", total: 6, label: "Annotations on “Kidal <retaken>”" });
    expect(data.first.type).toBe("AnnotationPage");
    expect(data.first.items.map((item) => `${item.motivation} ${item.id}`)).toEqual([
      "tagging https://marginalia.test/api/v1/annotations/h1",
      "tagging https://marginalia.test/api/v1/annotations/h2",
      "tagging https://marginalia.test/api/v1/annotations/h3",
      "replying https://marginalia.test/api/v1/annotations/h1/comments/c1",
      "replying https://marginalia.test/api/v1/annotations/h1/comments/c2",
      "replying https://marginalia.test/api/v1/annotations/h3/comments/c3",
    ]);
  });

  it("gives a highlight its tagging, classifying and assessing bodies and both selectors, and no comments", async () => {
    const [first, , third] = (await collection()).first.items;
    expect(first).toEqual({
      id: "https://marginalia.test/api/v1/annotations/h1",
      type: "Annotation",
      motivation: "tagging",
      created: "2026-11-30T09:01:00.000Z",
      modified: "2026-11-30T09:01:00.000Z",
      creator: { id: "https://marginalia.test/users/user-awa", type: "Person", name: "Awa Traoré" },
      body: [
        { type: "TextualBody", id: "https://marginalia.test/vocabulary#propaganda", purpose: "tagging", value: "propaganda" },
        { type: "TextualBody", id: "https://marginalia.test/vocabulary#loaded-language", purpose: "classifying", value: "loaded-language" },
      ],
      target: {
        source: "https://marginalia.test/documents/doc-1",
        selector: [
          { type: "TextQuoteSelector", exact: "enormous land and air resources", prefix: "", suffix: "" },
          { type: "TextPositionSelector", start: 19, end: 50 },
        ],
      },
    });
    expect(third!.body).toContainEqual(expect.objectContaining({ purpose: "assessing", value: "resolved", created: "2026-11-30T09:20:00.000Z" }));
  });

  it("writes each comment as a reply that targets its highlight, or its parent comment, with its text verbatim", async () => {
    const items = (await collection()).first.items;
    expect(items[3]).toEqual({
      id: "https://marginalia.test/api/v1/annotations/h1/comments/c1",
      type: "Annotation",
      motivation: "replying",
      created: "2026-11-30T09:10:00.000Z",
      modified: "2026-11-30T09:10:00.000Z",
      creator: { id: "https://marginalia.test/users/user-ben", type: "Person", name: "Ben <b>Old</b>" },
      body: { type: "TextualBody", value: `Careful: ${HOSTILE_SCRIPT} and [click me](javascript:alert(1))`, format: "text/plain", purpose: "replying" },
      target: "https://marginalia.test/api/v1/annotations/h1",
    });
    expect(items[4]!.target).toBe("https://marginalia.test/api/v1/annotations/h1/comments/c1");
  });
});
