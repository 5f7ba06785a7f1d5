/**
 * Colours for people on the page, chosen from the user id so everyone sees the same person in
 * the same colour. Dark enough for white initials (WCAG AA at 4.5:1) and distinct from the tag
 * colours; names are always shown next to a colour, never the colour alone.
 */
const PALETTE = ["#6a1b9a", "#00695c", "#ad1457", "#4527a0", "#bf360c", "#1b5e20", "#283593", "#5d4037"] as const;

export function presenceColor(userId: string): string {
  let hash = 0;
  for (let index = 0; index < userId.length; index += 1) hash = (hash * 31 + userId.charCodeAt(index)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return letters.map((word) => Array.from(word)[0]!.toUpperCase()).join("") || "?";
}
