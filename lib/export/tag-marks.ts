import type { Tag } from "@/lib/realtime/doc-schema.ts";

/**
 * How exports mark each tag: a colour, and an icon and a letter that carry the same meaning
 * where colour is lost (print in black and white, colour blindness, plain text). The icons
 * are the reader's (components/annotate/tag-badge.tsx); the colours are its light theme's.
 */
export const TAG_MARKS: Record<Tag, { icon: string; letter: string; color: string; tint: string }> = {
  propaganda: { icon: "⚑", letter: "P", color: "#c2185b", tint: "rgba(194, 24, 91, 0.16)" },
  sourcing: { icon: "❝", letter: "S", color: "#1565c0", tint: "rgba(21, 101, 192, 0.16)" },
  context: { icon: "ℹ", letter: "C", color: "#2e7d32", tint: "rgba(46, 125, 50, 0.16)" },
};
