import type { ExportHighlight, ExportModel } from "./export-model.ts";
import { DEFAULT_EXPORT_OPTIONS } from "./export-model.ts";

/*
 * A small export for the renderers' unit tests: two paragraphs and a heading, three highlights
 * (two overlapping, one resolved), a thread with a reply, and comments that try every trick a
 * renderer must keep inert: markup, a script element, a javascript: link, a spreadsheet formula.
 */

const blocks = [
  { type: "paragraph" as const, text: "Officials said the enormous land and air resources were “liberated” at dawn." },
  { type: "heading" as const, text: "Reaction" },
  { type: "paragraph" as const, text: "Residents told reporters that = signs were everywhere." },
];
const text = blocks.map((block) => block.text).join("\n\n");
const at = (quote: string) => {
  const index = text.indexOf(quote);
  if (index < 0) throw new Error(`not in the sample: ${quote}`);
  return { start: Array.from(text.slice(0, index)).length, end: Array.from(text.slice(0, index)).length + Array.from(quote).length, exact: quote };
};

const awa = { id: "user-awa", name: "Awa Traoré" };
const ben = { id: "user-ben", name: "Ben <b>Old</b>" };
const time = (minute: number) => new Date(Date.UTC(2026, 10, 30, 9, minute));

export const HOSTILE_SCRIPT = "</script><script>alert('x')</script>";
export const HOSTILE_LINK = "[click me](javascript:alert(1))";
export const HOSTILE_FORMULA = '=HYPERLINK("http://evil.example","open")';

function highlight(number: number, quote: string, fields: Partial<ExportHighlight>): ExportHighlight {
  const { start, end, exact } = at(quote);
  return {
    number,
    id: `h${number}`,
    start,
    end,
    exact,
    prefix: "",
    suffix: "",
    tag: "propaganda",
    tagName: "Propaganda",
    label: null,
    author: awa,
    createdAt: time(number),
    updatedAt: time(number),
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    comments: [],
    ...fields,
  };
}

export function sampleExportModel(): ExportModel {
  return {
    document: {
      id: "doc-1",
      title: "Kidal <retaken>",
      source: "Example News",
      author: "A. Writer",
      publishedAt: new Date(Date.UTC(2026, 10, 14)),
      language: "en",
      blocks,
      contentHash: "ab".repeat(32),
      url: "https://marginalia.test/documents/doc-1",
      previousVersionId: null,
    },
    workspace: { id: "ws-1", name: "Class 3B" },
    text,
    highlights: [
      highlight(1, "enormous land and air resources", {
        label: { id: "loaded-language", name: "Loaded language", definition: "" },
        comments: [
          { id: "c1", parentId: null, author: ben, body: `Careful: ${HOSTILE_SCRIPT} and ${HOSTILE_LINK}`, createdAt: time(10), updatedAt: time(10) },
          { id: "c2", parentId: "c1", author: awa, body: `${HOSTILE_FORMULA} **agreed** @[Ben](user:user-ben)`, createdAt: time(11), updatedAt: time(11) },
        ],
      }),
      highlight(2, "air resources were “liberated”", { tag: "sourcing", tagName: "Sourcing", author: ben }),
      highlight(3, "= signs were everywhere", {
        tag: "context",
        tagName: "Context",
        resolved: true,
        resolvedBy: awa,
        resolvedAt: time(20),
        comments: [{ id: "c3", parentId: null, author: awa, body: "-1 for vagueness", createdAt: time(21), updatedAt: time(21) }],
      }),
    ],
    legend: [
      { tag: "propaganda", tagName: "Propaganda", count: 1, labels: [{ label: { id: "loaded-language", name: "Loaded language", definition: "" }, count: 1 }] },
      { tag: "sourcing", tagName: "Sourcing", count: 1, labels: [{ label: null, count: 1 }] },
      { tag: "context", tagName: "Context", count: 1, labels: [{ label: null, count: 1 }] },
    ],
    provenance: { exportedBy: awa, exportedAt: time(30), origin: "https://marginalia.test", options: DEFAULT_EXPORT_OPTIONS },
  };
}
