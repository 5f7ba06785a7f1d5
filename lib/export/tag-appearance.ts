import type { Tag } from "@/lib/realtime/doc-schema.ts";

/**
 * How a tag looks in every annotated copy (HTML, Markdown, PDF, Word). The colours are the app's
 * light-theme tag colours (app/globals.css); the icon (the reader's, components/annotate/tag-badge.tsx),
 * the letter and the underline style carry the tag when the copy is printed in black and white,
 * read as plain text, or read by someone who does not tell the colours apart.
 */
export type TagAppearance = {
  /** Tag colour, hex without "#": marker letters, underlines, legend swatches. */
  color: string;
  /** A light tint of the colour, hex without "#": the background behind a marked passage. */
  tint: string;
  /** A translucent tint for HTML, where nested marks blend their backgrounds. */
  cssTint: string;
  icon: string;
  letter: string;
  /** The underline in CSS terms. */
  cssLine: "solid" | "dashed" | "dotted";
  /** Underline dash pattern (on, off) in points; null for a solid line. */
  dash: [number, number] | null;
  /** The same underline in Word's terms. */
  wordUnderline: "single" | "dash" | "dotted";
};

const APPEARANCES: Record<Tag, TagAppearance> = {
  propaganda: { color: "c2185b", tint: "f8bbd0", cssTint: "rgba(194, 24, 91, 0.16)", icon: "⚑", letter: "P", cssLine: "solid", dash: null, wordUnderline: "single" },
  sourcing: { color: "1565c0", tint: "bbdefb", cssTint: "rgba(21, 101, 192, 0.16)", icon: "❝", letter: "S", cssLine: "dashed", dash: [3, 1.5], wordUnderline: "dash" },
  context: { color: "2e7d32", tint: "c8e6c9", cssTint: "rgba(46, 125, 50, 0.16)", icon: "ℹ", letter: "C", cssLine: "dotted", dash: [1, 1], wordUnderline: "dotted" },
};

export function tagAppearance(tag: Tag): TagAppearance {
  return APPEARANCES[tag];
}
