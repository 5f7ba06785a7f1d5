import search from "approx-string-match";
import { QUOTE_CONTEXT_CODE_POINTS } from "@/lib/realtime/doc-schema.ts";

/*
 * Re-anchoring a highlight on a revised text. An anchor is the quote plus up to 32 code points
 * of context either side and the old position (see text-quote-anchor.ts). A place is accepted
 * only when it is clearly the same passage: null is always better than a highlight on the wrong
 * words. Everything is scored in code points:
 *
 *   evidence = (quote length − edit distance) + context agreement (prefix + suffix)
 *
 * Context agreement per side is `length − 2 × edit distance`, floored at 0: unrelated text is
 * typically about half its length in edits away from a 32-code-point context, so it earns next
 * to nothing, while a context with a typo fixed keeps most of its weight. The old position
 * only breaks ties (worth less than one code point).
 */

export type QuoteAnchor = { start: number; end: number; exact: string; prefix: string; suffix: string };

export type Placement = { start: number; end: number };

export type ReanchorResult<A> = {
  placed: Array<{ annotation: A; start: number; end: number }>;
  orphans: A[];
};

/** A quote is found again only with edit distance ≤ 20 % of its length (similarity ≥ 0.8). */
export const MIN_QUOTE_SIMILARITY = 0.8;

/**
 * A quote shorter than this also needs its context to agree this much: a short phrase that
 * survives only elsewhere in the text ("the minister said") is not the passage that was marked.
 */
const DISTINCTIVE_QUOTE_LENGTH = 64;
const MIN_CONTEXT_AGREEMENT = 16;

/** A runner-up elsewhere within this much evidence of the best makes the result ambiguous. */
const AMBIGUITY_MARGIN = 3;

/** Extra columns read past a context's length, so insertions next to the quote still align. */
const CONTEXT_SLACK = 8;

/** Exact occurrences scored in full; beyond this, the best by a cheap score and position are kept. */
const MAX_SCORED_OCCURRENCES = 64;

/** Occurrences of one seed string used to place fuzzy search windows (the nearest ones). */
const MAX_SEED_OCCURRENCES = 16;

/** Columns × 32-code-point blocks of fuzzy search per anchor and round: a text this small is searched whole. */
const FULL_SCAN_WORK = 60_000;

/** Upper bound on fuzzy search work per anchor, so a 5,000-code-point quote stays a few ms. */
const MAX_FUZZY_WORK = 3_000_000;

/** Equally good ends of one approximate match that are compared by context. */
const MAX_ENDS_PER_RUN = 8;

/**
 * `search` reports only the fewest-error matches of a window; each further round masks the
 * places found and asks again, so a worse-matching place with better context still competes.
 * Every round is at least one error worse than the last.
 */
const MAX_SEARCH_ROUNDS = 4;

/** Extra columns on each side of a fuzzy search window. */
const WINDOW_SLACK = 16;

/**
 * Lone surrogate units never occur in a prepared text (see `prepareText`), so they can stand for
 * "a code point the text does not contain" and for "beyond either end of the text".
 */
const ABSENT = 0xd800;
const BOUNDARY = 0xdbff;

/** A unit neither a prepared text nor an encoded pattern holds: it matches nothing. */
const UNMATCHABLE = String.fromCharCode(0xdc00);

/**
 * The text with exactly one UTF-16 unit per code point, so native string search and indexes are
 * code-point offsets. Code points outside the BMP (emoji) get units the text does not use.
 */
type PreparedText = {
  units: string;
  encode(value: string): string;
  /** Offsets of every occurrence of `search` (encoded), ascending, overlapping ones too. */
  find(search: string): number[];
};

/** Length of the text pieces indexed for `find`, once a lookup needs more than one position. */
const GRAM = 8;

function gramHash(units: string, at: number): number {
  let hash = 0;
  for (let index = at; index < at + GRAM; index += 1) hash = (Math.imul(hash, 0x9e3779b1) + units.charCodeAt(index)) | 0;
  return hash;
}

/**
 * `find` over the text: a plain scan for short strings, and for longer ones a lookup in an
 * index of every GRAM-unit piece, built the first time it is needed. Re-anchoring looks up
 * several pieces for every annotation that moved or changed, and 200 KB scans add up.
 */
function finder(units: string): (search: string) => number[] {
  let index: { mask: number; bucketStart: Int32Array; positions: Int32Array } | undefined;
  const buildIndex = () => {
    const count = Math.max(0, units.length - GRAM + 1);
    let size = 1;
    while (size < count) size *= 2;
    const mask = size - 1;
    const buckets = new Int32Array(count);
    const bucketStart = new Int32Array(size + 1);
    for (let at = 0; at < count; at += 1) {
      buckets[at] = gramHash(units, at) & mask;
      bucketStart[buckets[at]! + 1]! += 1;
    }
    for (let bucket = 0; bucket < size; bucket += 1) bucketStart[bucket + 1]! += bucketStart[bucket]!;
    const filled = bucketStart.slice(0, size);
    const positions = new Int32Array(count);
    for (let at = 0; at < count; at += 1) positions[filled[buckets[at]!]!++] = at;
    return { mask, bucketStart, positions };
  };
  return (search) => {
    const found: number[] = [];
    if (!search) return found;
    if (search.length < GRAM) {
      for (let at = units.indexOf(search); at !== -1; at = units.indexOf(search, at + 1)) found.push(at);
      return found;
    }
    index ??= buildIndex();
    const bucket = gramHash(search, 0) & index.mask;
    for (let slot = index.bucketStart[bucket]!; slot < index.bucketStart[bucket + 1]!; slot += 1) {
      const at = index.positions[slot]!;
      if (units.startsWith(search, at)) found.push(at);
    }
    return found;
  };
}

function hasSurrogates(value: string): boolean {
  return /[\ud800-\udfff]/.test(value);
}

function prepareText(text: string): PreparedText {
  if (!hasSurrogates(text)) {
    return {
      units: text,
      find: finder(text),
      encode: (value) => (hasSurrogates(value) ? Array.from(value, (char) => (char.length === 1 && !hasSurrogates(char) ? char : String.fromCharCode(ABSENT))).join("") : value),
    };
  }
  const used = new Uint8Array(0x10000);
  for (let index = 0; index < text.length; index += 1) used[text.charCodeAt(index)] = 1;
  const mapped = new Map<number, number>();
  // Units for code points outside the BMP: the private use area first, then any other unit the
  // text does not use; never a surrogate. (63,487 distinct code points would exhaust them: the
  // rest then share ABSENT and simply never match.)
  let cursor = 0;
  const candidateUnit = (position: number) => (position < 0x2000 ? 0xe000 + position : position - 0x2000);
  const unitFor = (codePoint: number): number => {
    let unit = mapped.get(codePoint);
    if (unit === undefined) {
      while (cursor < 0x2000 + 0xd800 && used[candidateUnit(cursor)] === 1) cursor += 1;
      unit = cursor < 0x2000 + 0xd800 ? candidateUnit(cursor) : ABSENT;
      cursor += 1;
      mapped.set(codePoint, unit);
    }
    return unit;
  };
  const codes: number[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    codes.push(codePoint < 0x10000 && (codePoint < 0xd800 || codePoint > 0xdfff) ? codePoint : unitFor(codePoint));
  }
  let units = "";
  for (let from = 0; from < codes.length; from += 8192) units += String.fromCharCode(...codes.slice(from, from + 8192));
  return {
    units,
    find: finder(units),
    encode(value) {
      let encoded = "";
      for (const char of value) {
        const codePoint = char.codePointAt(0)!;
        const bmp = codePoint < 0x10000 && (codePoint < 0xd800 || codePoint > 0xdfff);
        encoded += String.fromCharCode(bmp ? (used[codePoint] === 1 ? codePoint : ABSENT) : (mapped.get(codePoint) ?? ABSENT));
      }
      return encoded;
    },
  };
}

function reverse(units: string): string {
  let reversed = "";
  for (let index = units.length - 1; index >= 0; index -= 1) reversed += units[index];
  return reversed;
}

/** Everything about one anchor that does not depend on where a candidate is. */
type Query = {
  quote: string;
  length: number;
  maxErrors: number;
  /** Where the quote began in the old text: only breaks ties and orders fuzzy search windows. */
  oldStart: number;
  prefix: string;
  suffix: string;
  /** The prefix is shorter than usual because the quote began the old text. */
  prefixAtStart: boolean;
  /** The suffix is shorter than usual, so the quote may have ended the old text. */
  suffixMayEnd: boolean;
  /** Most context agreement a place can have (prefix and suffix, counting a text boundary as context). */
  fullContext: number;
  contexts: ContextPatterns;
};

/** Contexts as read from a candidate outwards; null when there is none. */
type ContextPatterns = {
  /** The prefix reversed, read backwards from a candidate's start; padded with BOUNDARY when it began the text. */
  prefix: string | null;
  suffix: string | null;
  /** The short suffix padded with BOUNDARY: agrees fully only where the new text ends too. */
  paddedSuffix: string | null;
};

function compileQuery(prepared: PreparedText, anchor: QuoteAnchor): Query {
  const quote = prepared.encode(anchor.exact);
  const prefix = prepared.encode(anchor.prefix);
  const suffix = prepared.encode(anchor.suffix);
  // A prefix shorter than the usual context that reaches back to offset 0 means the quote began
  // the text; that boundary is context too, so the same passage at the new text's start agrees.
  const prefixAtStart = prefix.length < QUOTE_CONTEXT_CODE_POINTS && anchor.start === prefix.length;
  const suffixMayEnd = suffix.length < QUOTE_CONTEXT_CODE_POINTS;
  const boundary = (count: number) => String.fromCharCode(BOUNDARY).repeat(count);
  return {
    quote,
    length: quote.length,
    maxErrors: Math.floor(quote.length * (1 - MIN_QUOTE_SIMILARITY) + 1e-9),
    oldStart: anchor.start,
    prefix,
    suffix,
    prefixAtStart,
    suffixMayEnd,
    fullContext: (prefixAtStart ? QUOTE_CONTEXT_CODE_POINTS : prefix.length) + (suffixMayEnd ? QUOTE_CONTEXT_CODE_POINTS : suffix.length),
    contexts: {
      prefix: prefix || prefixAtStart ? reverse(prefixAtStart ? boundary(QUOTE_CONTEXT_CODE_POINTS - prefix.length) + prefix : prefix) : null,
      suffix: suffix || null,
      paddedSuffix: suffixMayEnd ? suffix + boundary(QUOTE_CONTEXT_CODE_POINTS - suffix.length) : null,
    },
  };
}

/**
 * The text read from `from` in direction `step`, `count` units; beyond either end of the text
 * every unit reads as BOUNDARY.
 */
function readFrom(text: string, from: number, step: 1 | -1, count: number): string {
  let read = "";
  for (let column = 0; column < count; column += 1) {
    const index = from + step * column;
    read += index >= 0 && index < text.length ? text[index] : String.fromCharCode(BOUNDARY);
  }
  return read;
}

/**
 * Edit distance of `context` against the text read from a fixed start, however much of it
 * (up to the slack) is taken. `search` finds a match starting anywhere; a run of UNMATCHABLE
 * as long as the context, put before both, pins the match to the start, because skipping
 * text then costs as much as any alignment can.
 */
function anchoredDistance(context: string, read: string): number {
  const pin = UNMATCHABLE.repeat(context.length);
  const [best] = search(pin + read, pin + context, context.length);
  return best?.errors ?? context.length;
}

/** `length − 2 × edit distance` of a context against the text beside a candidate, floored at 0. */
function agreement(context: string | null, text: string, from: number, step: 1 | -1): { value: number; exact: boolean } {
  if (!context) return { value: 0, exact: true };
  const best = anchoredDistance(context, readFrom(text, from, step, context.length + CONTEXT_SLACK));
  return { value: Math.max(0, context.length - 2 * best), exact: best === 0 };
}

/** `verbatim`: the quote and its whole context (and any text boundary it had) are unchanged here. */
type Candidate = Placement & { errors: number; context: number; verbatim: boolean; evidence: number; proximity: number };

function candidate(query: Query, text: string, start: number, end: number, errors: number): Candidate {
  const patterns = query.contexts;
  const before = agreement(patterns.prefix, text, start - 1, -1);
  const after = agreement(patterns.suffix, text, end, 1);
  const afterPadded = agreement(patterns.paddedSuffix, text, end, 1);
  // A short suffix ended the old text: it is verbatim only where the new text ends too.
  const suffix = patterns.paddedSuffix ? (afterPadded.value > after.value ? afterPadded : { ...after, exact: false }) : after;
  return scored(query, text, { start, end, errors, context: before.value + suffix.value, verbatim: errors === 0 && before.exact && suffix.exact });
}

function scored(query: Query, text: string, found: Omit<Candidate, "evidence" | "proximity">): Candidate {
  return { ...found, evidence: query.length - found.errors + found.context, proximity: 1 - Math.abs(found.start - query.oldStart) / (text.length + 1) };
}

function acceptable(query: Query, found: Candidate): boolean {
  return found.errors <= query.maxErrors && (query.length >= DISTINCTIVE_QUOTE_LENGTH || found.context >= MIN_CONTEXT_AGREEMENT);
}

/**
 * The best candidate, or null when it is not acceptable or another place (not overlapping it)
 * comes within AMBIGUITY_MARGIN. A verbatim passage (quote and whole context unchanged) beats
 * everything else; when the text has several, they are copies of the same passage and the one
 * nearest the old position wins.
 */
function decide(query: Query, candidates: readonly Candidate[]): Candidate | null {
  let best: Candidate | undefined;
  for (const found of candidates) {
    if (!best || found.evidence + found.proximity > best.evidence + best.proximity) best = found;
  }
  if (!best || !acceptable(query, best)) return null;
  if (best.verbatim) return best;
  for (const other of candidates) {
    if (other === best || (other.start < best.end && best.start < other.end)) continue;
    if (other.evidence >= best.evidence - AMBIGUITY_MARGIN) return null;
  }
  return best;
}

function nearest(positions: number[], to: number, count: number): number[] {
  if (positions.length <= count) return positions;
  return [...positions].sort((a, b) => Math.abs(a - to) - Math.abs(b - to) || a - b).slice(0, count);
}

/** Code units two strings share reading from the given ends (up to the context length). */
function commonRun(text: string, from: number, step: 1 | -1, context: string, contextFrom: number): number {
  let run = 0;
  while (run < QUOTE_CONTEXT_CODE_POINTS) {
    const index = from + step * run;
    const contextIndex = contextFrom + step * run;
    if (index < 0 || index >= text.length || contextIndex < 0 || contextIndex >= context.length) break;
    if (text.charCodeAt(index) !== context.charCodeAt(contextIndex)) break;
    run += 1;
  }
  return run;
}

/** Every verbatim occurrence of the quote, scored (the most promising ones when there are many). */
function exactCandidates(query: Query, prepared: PreparedText): Candidate[] {
  const text = prepared.units;
  let starts = prepared.find(query.quote);
  if (starts.length > MAX_SCORED_OCCURRENCES) {
    const { prefix, suffix, length, oldStart } = query;
    const cheap = (start: number) => commonRun(text, start - 1, -1, prefix, prefix.length - 1) + commonRun(text, start + length, 1, suffix, 0);
    const byContext = starts
      .map((start) => ({ start, score: cheap(start) }))
      .sort((a, b) => b.score - a.score || a.start - b.start)
      .slice(0, MAX_SCORED_OCCURRENCES / 2)
      .map(({ start }) => start);
    starts = [...new Set([...byContext, ...nearest(starts, oldStart, MAX_SCORED_OCCURRENCES / 2)])];
  }
  return starts.map((start) => candidate(query, text, start, start + query.length, 0));
}

/** Where a fuzzy match may start: the old position, and where verbatim pieces of the quote and its context suggest. */
function seeds(query: Query, prepared: PreparedText): number[] {
  const { quote, length, oldStart, prefix, suffix } = query;
  const found = [oldStart];
  const contextPiece = 16;
  if (prefix.length >= 4) {
    const piece = prefix.slice(-contextPiece);
    for (const at of nearest(prepared.find(piece), oldStart, MAX_SEED_OCCURRENCES)) found.push(at + piece.length);
  }
  if (suffix.length >= 4) {
    const piece = suffix.slice(0, contextPiece);
    for (const at of nearest(prepared.find(piece), oldStart + length, MAX_SEED_OCCURRENCES)) found.push(at - length);
  }
  const pieceLength = Math.min(16, Math.max(3, Math.floor(length / 4)));
  const pieces = Math.min(8, Math.max(2, Math.floor(length / pieceLength)));
  for (let piece = 0; piece < pieces; piece += 1) {
    const offset = Math.round((piece * (length - pieceLength)) / (pieces - 1));
    for (const at of nearest(prepared.find(quote.slice(offset, offset + pieceLength)), oldStart + offset, MAX_SEED_OCCURRENCES)) found.push(at - offset);
  }
  return found;
}

/** Search windows [from, to): the whole text when that is cheap, else around the seeds, nearest first, within the work cap. */
function windows(query: Query, prepared: PreparedText): Array<[number, number]> {
  const text = prepared.units;
  const blocks = Math.ceil(query.length / 32);
  if (text.length * blocks <= FULL_SCAN_WORK) return [[0, text.length]];
  const reach = query.maxErrors + WINDOW_SLACK;
  const byDistance = [...new Set(seeds(query, prepared))].sort((a, b) => Math.abs(a - query.oldStart) - Math.abs(b - query.oldStart) || a - b);
  const chosen: Array<[number, number]> = [];
  let work = 0;
  for (const seed of byDistance) {
    const from = Math.max(0, seed - reach);
    const to = Math.min(text.length, seed + query.length + reach);
    if (to - from < query.length - query.maxErrors) continue;
    work += (to - from) * blocks;
    if (work > MAX_FUZZY_WORK) break;
    chosen.push([from, to]);
  }
  chosen.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const window of chosen) {
    const last = merged.at(-1);
    if (last && window[0] <= last[1]) last[1] = Math.max(last[1], window[1]);
    else merged.push(window);
  }
  return merged;
}

/** The window with the places already found masked, so the next search reports the next-best ones. */
function mask(units: string, places: ReadonlyArray<{ start: number; end: number }>): string {
  let masked = units;
  for (const { start, end } of places) masked = masked.slice(0, start) + UNMATCHABLE.repeat(end - start) + masked.slice(end);
  return masked;
}

/**
 * Matches of one round grouped into places: overlapping matches are one place whose ends differ
 * by a character the edit removed or replaced ("rebels 😀" → "rebels " or "rebels 😢").
 */
function runs(matches: ReadonlyArray<{ start: number; end: number; errors: number }>) {
  const grouped: Array<Array<{ start: number; end: number; errors: number }>> = [];
  for (const match of [...matches].sort((a, b) => a.end - b.end)) {
    const last = grouped.at(-1);
    if (last && match.start <= last.at(-1)!.end) last.push(match);
    else grouped.push([match]);
  }
  return grouped;
}

/** Approximate occurrences of the quote (edit distance ≤ maxErrors), one per place, found with `approx-string-match`. */
function fuzzyCandidates(query: Query, prepared: PreparedText): Candidate[] {
  const text = prepared.units;
  const { quote, maxErrors, length } = query;
  if (maxErrors === 0) return [];
  const found: Candidate[] = [];
  for (const [from, to] of windows(query, prepared)) {
    let window = text.slice(from, to);
    for (let round = 0; round < MAX_SEARCH_ROUNDS; round += 1) {
      const matches = search(window, quote, maxErrors);
      if (matches.length === 0) break;
      for (const run of runs(matches)) {
        let best: Candidate | undefined;
        for (const match of run.slice(0, MAX_ENDS_PER_RUN)) {
          const placed = candidate(query, text, from + match.start, from + match.end, match.errors);
          const better =
            !best || placed.evidence > best.evidence || (placed.evidence === best.evidence && Math.abs(placed.end - placed.start - length) < Math.abs(best.end - best.start - length));
          if (better) best = placed;
        }
        if (best) found.push(best);
      }
      window = mask(window, matches);
    }
  }
  return found;
}

/**
 * The whole passage (prefix, quote, suffix, and the text boundary a short context implies)
 * unchanged: the common case after an edit elsewhere, and the strongest evidence there is. When
 * the text has it more than once, the copies are the same passage and the one nearest the old
 * position is taken. Null when there is none.
 */
function verbatimPassage(query: Query, prepared: PreparedText): Candidate | null {
  const text = prepared.units;
  const { prefix, suffix, quote, oldStart } = query;
  const passage = prefix + quote + suffix;
  let start: number;
  if (query.prefixAtStart) start = prefix.length;
  else if (query.suffixMayEnd) start = text.length - suffix.length - quote.length;
  else if (oldStart >= prefix.length && text.startsWith(passage, oldStart - prefix.length)) start = oldStart;
  else {
    start = -1;
    for (const occurrence of prepared.find(passage)) {
      const at = occurrence + prefix.length;
      if (start === -1 || Math.abs(at - oldStart) < Math.abs(start - oldStart)) start = at;
    }
  }
  if (start < prefix.length || !text.startsWith(passage, start - prefix.length)) return null;
  if (query.suffixMayEnd && start + quote.length + suffix.length !== text.length) return null;
  return scored(query, text, { start, end: start + quote.length, errors: 0, context: query.fullContext, verbatim: true });
}

/** Where the anchor's passage is in the prepared text (see `reanchor`). */
function locate(prepared: PreparedText, anchor: QuoteAnchor): Placement | null {
  const query = compileQuery(prepared, anchor);
  if (query.length === 0) return null;
  const verbatim = verbatimPassage(query, prepared);
  if (verbatim && acceptable(query, verbatim)) return { start: verbatim.start, end: verbatim.end };
  const exact = exactCandidates(query, prepared);
  const placed = decide(query, exact);
  // A verbatim quote whose context mostly agrees settles it; with weaker context, an edited
  // copy of the passage with its context intact could be the better place, so look for one.
  const settled = placed && placed.context * 2 >= query.fullContext ? placed : decide(query, [...exact, ...fuzzyCandidates(query, prepared)]);
  return settled && { start: settled.start, end: settled.end };
}

/**
 * Finds an annotation's passage in a revised text: the passage verbatim first, then verbatim
 * occurrences of the quote chosen by how well their context agrees, then approximate matches
 * (similarity ≥ 0.8) near where the context or pieces of the quote still are. The old position
 * only breaks ties. Offsets are code points. Null when no place is clearly the same passage.
 */
export function reanchor(anchor: QuoteAnchor, text: string): Placement | null {
  return locate(prepareText(text), anchor);
}

/**
 * `reanchor` for many annotations on one text (prepared once). Each annotation is placed on its
 * own, so the result for one never depends on the others. Orphans keep their input order.
 */
export function reanchorAll<A extends QuoteAnchor>(annotations: readonly A[], text: string): ReanchorResult<A> {
  const prepared = prepareText(text);
  const result: ReanchorResult<A> = { placed: [], orphans: [] };
  for (const annotation of annotations) {
    const placement = locate(prepared, annotation);
    if (placement) result.placed.push({ annotation, ...placement });
    else result.orphans.push(annotation);
  }
  return result;
}
