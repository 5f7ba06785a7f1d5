/** A quote or comment cut to `length` characters (code points, whitespace collapsed), with "…" when cut: for labels and announcements. */
export function shorten(text: string, length = 40): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length > length ? `${chars.slice(0, length - 1).join("")}…` : chars.join("");
}
