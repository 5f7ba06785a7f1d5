import type { Tag } from "@/lib/realtime/doc-schema.ts";

/**
 * How a tag looks in the printed and Word copies. The colours are the app's light-theme tag
 * colours (app/globals.css); the letter and the underline style carry the tag when the copy is
 * printed in black and white or read by someone who does not tell the colours apart.
 */
export type TagAppearance = {
  /** Tag colour, hex without "#": marker letters, underlines, legend swatches. */
  color: string;
  /** A light tint of the colour, hex without "#": the background behind a marked passage. */
  tint: string;
  letter: string;
  /** Underline dash pattern (on, off) in points; null for a solid line. */
  dash: [number, number] | null;
  /** The same underline in Word's terms. */
  wordUnderline: "single" | "dash" | "dotted";
};

const APPEARANCES: Record<Tag, TagAppearance> = {
  propaganda: { color: "c2185b", tint: "f8bbd0", letter: "P", dash: null, wordUnderline: "single" },
  sourcing: { color: "1565c0", tint: "bbdefb", letter: "S", dash: [3, 1.5], wordUnderline: "dash" },
  context: { color: "2e7d32", tint: "c8e6c9", letter: "C", dash: [1, 1], wordUnderline: "dotted" },
};

export function tagAppearance(tag: Tag): TagAppearance {
  return APPEARANCES[tag];
}
