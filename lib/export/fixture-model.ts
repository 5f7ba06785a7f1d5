import type { Block } from "@/lib/documents/schema.ts";
import type { Tag } from "@/lib/realtime/doc-schema.ts";
import { canonicalBodyText, contentHash } from "@/lib/documents/canonical-text.ts";
import { DEFAULT_EXPORT_OPTIONS, type ExportComment, type ExportHighlight, type ExportLabel, type ExportLegendEntry, type ExportModel, type ExportPerson } from "./export-model.ts";

/*
 * A small export model for renderer tests: Kidal-like text with curly quotes, accents and Greek,
 * Cyrillic and Arabic words; two overlapping highlights; a highlight that crosses a paragraph
 * break; a thread with nested replies; a resolved highlight; and comment bodies that try to become
 * script, a javascript: link and a spreadsheet formula. Offsets are found from the quotes, so the
 * fixture stays right when its text is edited.
 */

const TITLE = "The Malian armed forces have just retaken Kidal, the bastion of the Tuareg rebellion";

const BLOCKS: Block[] = [
  { type: "paragraph", text: "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal in the north of the country." },
  {
    type: "paragraph",
    text: "This is the most emblematic feat of arms of Colonel Assimi Goïta, the leader of the junta, since he came to power in May 2021. Kidal is the historic stronghold of the Tuareg rebellion movements.",
  },
  { type: "heading", text: "Without France, but with the support of Wagner’s Russian mercenaries" },
  { type: "paragraph", text: "Officially, it is a “tactical” withdrawal to avoid urban fighting which would have involved civilian victims." },
  {
    type: "paragraph",
    text: "“History will record that what the French army, the European force Takuba and the UN force Minusma failed to do in ten years, Mali did in two”, insists this influencer.",
  },
  { type: "paragraph", text: "Quoted abroad: «Ιστορική νίκη» in Athens, «Историческая победа» in Moscow, «نصر تاريخي» in Doha." },
];

export const FIXTURE_PEOPLE = {
  amina: { id: "u-amina", name: "Amina Diallo" },
  jean: { id: "u-jean", name: "Jean-Étienne Müller" },
  oleg: { id: "u-oleg", name: "Олег Петров" },
} satisfies Record<string, ExportPerson>;

const LABELS = {
  loaded: { id: "propaganda.loaded-language", name: "Loaded language", definition: "Words chosen to stir emotion rather than inform." },
  unnamed: { id: "sourcing.unnamed", name: "Unnamed source", definition: "A claim attributed to no one in particular." },
  euphemism: { id: "context.euphemism", name: "Euphemism", definition: "A mild word for a harsh fact." },
} satisfies Record<string, ExportLabel>;

const TAG_NAMES: Record<Tag, string> = { propaganda: "Propaganda", sourcing: "Sourcing", context: "Context" };

export const HOSTILE_BODIES = {
  script: `<script>alert("owned")</script> still just text`,
  link: "[click me](javascript:alert(1)) and [a real source](https://example.org/report)",
  formula: `=HYPERLINK("http://evil.example","Click")`,
};

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour, 15));

type HighlightSpec = {
  id: string;
  exact: string;
  /** Which occurrence of `exact` to use when it appears more than once. */
  occurrence?: number;
  tag: Tag;
  label: ExportLabel | null;
  author: ExportPerson;
  day: number;
  resolvedBy?: ExportPerson;
  comments: { id: string; parentId: string | null; author: ExportPerson; body: string; day: number; hour: number }[];
};

const SPECS: HighlightSpec[] = [
  {
    id: "h-feat",
    exact: "feat of arms of Colonel Assimi Goïta",
    tag: "sourcing",
    label: LABELS.unnamed,
    author: FIXTURE_PEOPLE.jean,
    day: 3,
    comments: [{ id: "c-feat-1", parentId: null, author: FIXTURE_PEOPLE.jean, body: "Who calls it a *feat*? No source is named.", day: 3, hour: 9 }],
  },
  {
    id: "h-emblematic",
    exact: "the most emblematic feat of arms",
    tag: "propaganda",
    label: LABELS.loaded,
    author: FIXTURE_PEOPLE.amina,
    day: 2,
    comments: [
      { id: "c-emb-1", parentId: null, author: FIXTURE_PEOPLE.amina, body: "“Emblematic” is the junta’s own framing — **loaded**.", day: 2, hour: 10 },
      { id: "c-emb-2", parentId: "c-emb-1", author: FIXTURE_PEOPLE.jean, body: "Agreed, @[Amina Diallo](user:u-amina). Compare the RFI wording.", day: 2, hour: 11 },
      { id: "c-emb-3", parentId: "c-emb-2", author: FIXTURE_PEOPLE.oleg, body: "Согласен: пропагандистская лексика.", day: 2, hour: 12 },
      { id: "c-emb-4", parentId: null, author: FIXTURE_PEOPLE.oleg, body: HOSTILE_BODIES.script, day: 2, hour: 13 },
    ],
  },
  {
    id: "h-tactical",
    exact: "“tactical” withdrawal",
    tag: "context",
    label: LABELS.euphemism,
    author: FIXTURE_PEOPLE.oleg,
    day: 4,
    resolvedBy: FIXTURE_PEOPLE.amina,
    comments: [
      { id: "c-tac-1", parentId: null, author: FIXTURE_PEOPLE.oleg, body: "A retreat, called by its kindest name.", day: 4, hour: 8 },
      { id: "c-tac-2", parentId: "c-tac-1", author: FIXTURE_PEOPLE.amina, body: HOSTILE_BODIES.link, day: 4, hour: 9 },
    ],
  },
  {
    id: "h-history",
    exact: "“History will record that what the French army, the European force Takuba and the UN force Minusma failed to do in ten years, Mali did in two”",
    tag: "propaganda",
    label: null,
    author: FIXTURE_PEOPLE.amina,
    day: 5,
    comments: [{ id: "c-his-1", parentId: null, author: FIXTURE_PEOPLE.jean, body: HOSTILE_BODIES.formula, day: 5, hour: 14 }],
  },
  {
    // Crosses the paragraph break: the copy must carry the mark over to the next paragraph.
    id: "h-abroad",
    exact: "insists this influencer.\n\nQuoted abroad: «Ιστορική νίκη»",
    tag: "context",
    label: null,
    author: FIXTURE_PEOPLE.oleg,
    day: 6,
    comments: [{ id: "c-abr-1", parentId: null, author: FIXTURE_PEOPLE.oleg, body: "Ελληνικά, русский, العربية: the line travels.", day: 6, hour: 7 }],
  },
  { id: "h-captured", exact: "captured the town of Kidal", tag: "sourcing", label: null, author: FIXTURE_PEOPLE.jean, day: 1, comments: [] },
];

function codePointIndex(text: string, utf16Index: number): number {
  return Array.from(text.slice(0, utf16Index)).length;
}

function buildHighlight(text: string, spec: HighlightSpec): Omit<ExportHighlight, "number"> {
  let index = -1;
  for (let seen = 0; seen <= (spec.occurrence ?? 0); seen++) index = text.indexOf(spec.exact, index + 1);
  if (index < 0) throw new Error(`Fixture quote not in text: ${spec.exact}`);
  const start = codePointIndex(text, index);
  const end = start + Array.from(spec.exact).length;
  const chars = Array.from(text);
  const comments: ExportComment[] = spec.comments.map((c) => ({
    id: c.id,
    parentId: c.parentId,
    author: c.author,
    body: c.body,
    createdAt: at(c.day, c.hour),
    updatedAt: at(c.day, c.hour),
  }));
  return {
    id: spec.id,
    start,
    end,
    exact: spec.exact,
    prefix: chars.slice(Math.max(0, start - 32), start).join(""),
    suffix: chars.slice(end, end + 32).join(""),
    tag: spec.tag,
    tagName: TAG_NAMES[spec.tag],
    label: spec.label,
    author: spec.author,
    createdAt: at(spec.day, 8),
    updatedAt: at(spec.day, 8),
    resolved: spec.resolvedBy !== undefined,
    resolvedBy: spec.resolvedBy ?? null,
    resolvedAt: spec.resolvedBy ? at(spec.day + 1, 8) : null,
    comments,
  };
}

function buildLegend(highlights: readonly ExportHighlight[]): ExportLegendEntry[] {
  const legend: ExportLegendEntry[] = [];
  for (const tag of ["propaganda", "sourcing", "context"] as const) {
    const ofTag = highlights.filter((h) => h.tag === tag);
    if (ofTag.length === 0) continue;
    const byLabel = new Map<string | null, { label: ExportLabel | null; count: number }>();
    for (const h of ofTag) {
      const key = h.label?.id ?? null;
      const entry = byLabel.get(key) ?? { label: h.label, count: 0 };
      entry.count += 1;
      byLabel.set(key, entry);
    }
    legend.push({ tag, tagName: TAG_NAMES[tag], count: ofTag.length, labels: [...byLabel.values()] });
  }
  return legend;
}

/** The fixture model; `overrides` replaces top-level parts for a test that needs a variant. */
export function fixtureExportModel(overrides: Partial<ExportModel> = {}): ExportModel {
  const text = canonicalBodyText(BLOCKS);
  const highlights = SPECS.map((spec) => buildHighlight(text, spec))
    .sort((a, b) => a.start - b.start || b.end - a.end)
    .map((h, i) => ({ ...h, number: i + 1 }));
  return {
    document: {
      id: "doc-kidal",
      title: TITLE,
      source: "RFI",
      author: "Serge Daniel",
      publishedAt: new Date(Date.UTC(2023, 10, 15)),
      language: "en",
      blocks: BLOCKS,
      contentHash: contentHash(TITLE, BLOCKS),
      url: "https://marginalia.school.example/documents/doc-kidal",
      previousVersionId: null,
    },
    workspace: { id: "ws-newsroom", name: "Lycée Molière — Éducation aux médias" },
    text,
    highlights,
    legend: buildLegend(highlights),
    provenance: {
      exportedBy: FIXTURE_PEOPLE.amina,
      exportedAt: new Date(Date.UTC(2026, 10, 20, 16, 30)),
      origin: "https://marginalia.school.example",
      options: DEFAULT_EXPORT_OPTIONS,
    },
    ...overrides,
  };
}
