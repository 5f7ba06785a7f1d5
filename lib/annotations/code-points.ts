/**
 * Code-point arithmetic for annotation anchors. W3C TextPositionSelector offsets count Unicode
 * code points, while JavaScript strings index UTF-16 code units: an emoji is one code point but
 * two units, so `String.prototype.slice` offsets would drift after the first one. A lone
 * surrogate counts as one code point, as `Array.from` counts it.
 */

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** True when UTF-16 index `index` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, index: number): boolean {
  return index > 0 && index < text.length && isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index));
}

/** UTF-16 index of code point `codePoint`, walking from UTF-16 index `fromUnit` (code point `fromCodePoint`). */
function unitIndexOf(text: string, codePoint: number, fromUnit = 0, fromCodePoint = 0): number {
  let unit = fromUnit;
  for (let counted = fromCodePoint; counted < codePoint && unit < text.length; counted += 1) {
    unit += isHighSurrogate(text.charCodeAt(unit)) && isLowSurrogate(text.charCodeAt(unit + 1)) ? 2 : 1;
  }
  return unit;
}

/** Number of code points between two UTF-16 indexes (`from` must not split a pair). */
function codePointsBetween(text: string, from: number, to: number): number {
  let count = 0;
  for (let unit = from; unit < to; unit += 1) {
    count += 1;
    if (isHighSurrogate(text.charCodeAt(unit)) && isLowSurrogate(text.charCodeAt(unit + 1))) unit += 1;
  }
  return count;
}

/** UTF-16 index of code point `codePoint` of `text` (clamped to its length). */
export function unitIndexOfCodePoint(text: string, codePoint: number): number {
  return unitIndexOf(text, codePoint);
}

/** Length of `text` in code points ("👍" is 1, "é" precomposed is 1, "e\u0301" is 2). */
export function codePointLength(text: string): number {
  return codePointsBetween(text, 0, text.length);
}

/**
 * The code points [start, end) of `text`, like `Array.from(text).slice(start, end).join("")`
 * without the array. Offsets are clamped to the text; end ≤ start gives "".
 */
export function sliceCodePoints(text: string, start: number, end: number = Number.POSITIVE_INFINITY): string {
  const from = Math.max(0, start);
  if (end <= from) return "";
  const startUnit = unitIndexOf(text, from);
  return text.slice(startUnit, unitIndexOf(text, end, startUnit, from));
}

/**
 * Code-point offset of the first occurrence of `search` at or after code point `fromCodePoint`,
 * or -1. A match that would begin or end inside a surrogate pair is not a match.
 */
export function indexOfCodePoints(text: string, search: string, fromCodePoint = 0): number {
  const fromUnit = unitIndexOf(text, Math.max(0, fromCodePoint));
  let unit = text.indexOf(search, fromUnit);
  while (unit !== -1 && (splitsPair(text, unit) || splitsPair(text, unit + search.length))) {
    unit = text.indexOf(search, unit + 1);
  }
  return unit === -1 ? -1 : codePointsBetween(text, 0, unit);
}

/**
 * Code-point offsets of every occurrence of `search` in `text`, overlapping ones included
 * ("aa" occurs at 0 and 1 in "aaa"). One pass, so a common word in a long article stays cheap.
 */
export function allIndexesOfCodePoints(text: string, search: string): number[] {
  if (search === "") return [];
  const found: number[] = [];
  let countedUnit = 0;
  let countedCodePoints = 0;
  let unit = text.indexOf(search);
  while (unit !== -1) {
    if (!splitsPair(text, unit) && !splitsPair(text, unit + search.length)) {
      countedCodePoints += codePointsBetween(text, countedUnit, unit);
      countedUnit = unit;
      found.push(countedCodePoints);
    }
    unit = text.indexOf(search, unit + 1);
  }
  return found;
}
