const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
const WHITESPACE = /\s/g;

/**
 * Text as quotes are compared on import: curly quotes straight, every dash a hyphen, every
 * whitespace character a space. Each replacement is one BMP code point for one, so offsets
 * found in the result are offsets in the original, whose own characters are then stored.
 */
export function normalizeForMatching(text: string): string {
  return text.replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(DASHES, "-").replace(WHITESPACE, " ");
}
