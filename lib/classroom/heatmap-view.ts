import { segmentBlocks, type Span } from "@/lib/annotate/segments.ts";
import type { Block } from "@/lib/documents/schema.ts";
import type { Tag } from "@/lib/realtime/doc-schema.ts";
import type { Stretch } from "./coverage.ts";
import type { ScoredSpan } from "./scoring/types.ts";

/**
 * What the class heatmap draws, as plain data: the coverage stretches of lib/classroom/coverage.ts
 * (same shape, so its output passes straight in) with their agreement, and the key's spans. Plain
 * data because the same heatmap shows on the teacher's dashboard and, after the reveal, on
 * students' screens, each fed from their own view room.
 */
export type HeatmapStretch = Stretch & {
  /** How much the students covering it agree on its label, 0..1. */
  agreement: number;
};

/** A passage of the answer key, as scoring reads it. */
export type KeySpan = ScoredSpan;

/** What the shading counts: every tag, one tag, or one sub-label (technique). */
export type HeatmapLens = { kind: "all" } | { kind: "tag"; tag: Tag } | { kind: "technique"; technique: string };

export function lensKey(lens: HeatmapLens): string {
  return lens.kind === "all" ? "all" : lens.kind === "tag" ? `tag:${lens.tag}` : `technique:${lens.technique}`;
}

export function parseLensKey(key: string): HeatmapLens {
  if (key.startsWith("tag:")) return { kind: "tag", tag: key.slice(4) as Tag };
  if (key.startsWith("technique:")) return { kind: "technique", technique: key.slice(10) };
  return { kind: "all" };
}

/** How many students the stretch counts under the lens. */
export function countUnder(stretch: HeatmapStretch, lens: HeatmapLens): number {
  switch (lens.kind) {
    case "all":
      return stretch.total;
    case "tag":
      return stretch.byTag[lens.tag] ?? 0;
    case "technique":
      return stretch.byTechnique[lens.technique] ?? 0;
  }
}

/** Does a key span belong under the lens (the key is overlaid only where it speaks to what is shaded)? */
export function keyUnder(span: KeySpan, lens: HeatmapLens): boolean {
  return lens.kind === "all" || (lens.kind === "tag" ? span.tag === lens.tag : span.technique === lens.technique);
}

/**
 * Five shades, so a projector's washed-out contrast still tells them apart: 0 is no shading,
 * 1..4 split the range up to the class size (not up to the busiest stretch, so one student's
 * lone highlight does not look like the whole class agreeing).
 */
export const SHADE_LEVELS = 4;

export function shadeLevel(count: number, classSize: number): number {
  if (count <= 0) return 0;
  const share = count / Math.max(1, classSize);
  return Math.min(SHADE_LEVELS, Math.max(1, Math.ceil(share * SHADE_LEVELS)));
}

/** One run of text with what covers it: at most one stretch (they do not overlap) and any key spans. */
export type HeatmapRun = { text: string; start: number; end: number; stretch: number | null; key: boolean };

export type HeatmapBlock = { index: number; type: Block["type"]; start: number; length: number; runs: HeatmapRun[] };

const STRETCH = "s";
const KEY = "k";

/**
 * The article split at every stretch and key boundary (lib/annotate/segments.ts does the
 * splitting, as for the annotation page), each run knowing its stretch (an index into
 * `stretches`, or null) and whether the key covers it. Only stretches counted under the lens
 * and key spans under it take part.
 */
export function heatmapBlocks(blocks: readonly Block[], stretches: readonly HeatmapStretch[], key: readonly KeySpan[], lens: HeatmapLens): HeatmapBlock[] {
  const spans: Span[] = [];
  stretches.forEach((stretch, index) => {
    if (countUnder(stretch, lens) > 0) spans.push({ id: `${STRETCH}${index}`, start: stretch.start, end: stretch.end });
  });
  key.forEach((span, index) => {
    if (keyUnder(span, lens)) spans.push({ id: `${KEY}${index}`, start: span.start, end: span.end });
  });
  return segmentBlocks(blocks, spans).map((block) => ({
    index: block.index,
    type: block.type,
    start: block.start,
    length: block.length,
    runs: block.segments.map((segment) => {
      const stretchId = segment.ids.find((id) => id.startsWith(STRETCH));
      return {
        text: segment.text,
        start: segment.start,
        end: segment.end,
        stretch: stretchId === undefined ? null : Number(stretchId.slice(STRETCH.length)),
        key: segment.ids.some((id) => id.startsWith(KEY)),
      };
    }),
  }));
}

/** Indexes of the stretches counted under the lens, in text order: the keyboard walks these. */
export function visibleStretches(stretches: readonly HeatmapStretch[], lens: HeatmapLens): number[] {
  return stretches
    .map((stretch, index) => ({ stretch, index }))
    .filter(({ stretch }) => countUnder(stretch, lens) > 0)
    .sort((a, b) => a.stretch.start - b.stretch.start)
    .map(({ index }) => index);
}

/** Does any key span overlap the stretch (for the table view's "in the key" column)? */
export function stretchInKey(stretch: Pick<HeatmapStretch, "start" | "end">, key: readonly KeySpan[], lens: HeatmapLens): boolean {
  return key.some((span) => keyUnder(span, lens) && span.start < stretch.end && span.end > stretch.start);
}

/** "Who tagged it how": the stretch's students grouped by label, largest group first. */
export function labelGroups(stretch: HeatmapStretch): { tag: Tag; technique: string | null; participantIds: string[] }[] {
  const groups = new Map<string, { tag: Tag; technique: string | null; participantIds: string[] }>();
  for (const { participantId, tag, technique } of stretch.participants) {
    const id = `${tag}\u0000${technique ?? ""}`;
    const group = groups.get(id) ?? { tag, technique, participantIds: [] };
    if (!group.participantIds.includes(participantId)) group.participantIds.push(participantId);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => b.participantIds.length - a.participantIds.length || a.tag.localeCompare(b.tag));
}
