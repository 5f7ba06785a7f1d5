/**
 * Finding a phrase in the article for keyboard and screen-reader users, who select text by
 * searching rather than dragging. Matching ignores case and treats typographic quotes and
 * dashes as their plain keyboard forms, one code point for one, so offsets stay those of the text.
 */
const PLAIN: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201b": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u00a0": " ",
};

function fold(text: string): string[] {
  return Array.from(text, (char) => {
    const plain = PLAIN[char] ?? char.toLowerCase();
    return Array.from(plain).length === 1 ? plain : char;
  });
}

/** Code-point offsets of every match of `query` in `text`, in order. */
export function findAll(text: string, query: string): { start: number; end: number }[] {
  const needle = fold(query.trim());
  if (!needle.length) return [];
  const haystack = fold(text);
  const matches: { start: number; end: number }[] = [];
  outer: for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    for (let offset = 0; offset < needle.length; offset += 1) {
      if (haystack[start + offset] !== needle[offset]) continue outer;
    }
    matches.push({ start, end: start + needle.length });
  }
  return matches;
}

/** The first match at or after `from`, wrapping around to the start. */
export function findNext(text: string, query: string, from: number): { start: number; end: number; index: number; count: number } | null {
  const matches = findAll(text, query);
  if (!matches.length) return null;
  const index = Math.max(0, matches.findIndex((match) => match.start >= from));
  return { ...matches[index]!, index, count: matches.length };
}
