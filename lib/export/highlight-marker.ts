import type { ExportHighlight } from "./export-model.ts";
import { tagAppearance } from "./tag-appearance.ts";

/** What the printed and Word copies write where a highlight starts, e.g. "[3 P]": its number and tag letter. */
export function highlightMarker(highlight: Pick<ExportHighlight, "number" | "tag">): string {
  return `[${highlight.number}\u00a0${tagAppearance(highlight.tag).letter}]`;
}
