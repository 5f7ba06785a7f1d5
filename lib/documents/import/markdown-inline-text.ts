/** Private-use characters bracket the index of a piece of literal text while the rest is rewritten. */
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ["amp", "&"], ["lt", "<"], ["gt", ">"], ["quot", '"'], ["apos", "'"], ["nbsp", " "],
  ["ndash", "–"], ["mdash", "—"], ["hellip", "…"], ["lsquo", "‘"], ["rsquo", "’"],
  ["ldquo", "“"], ["rdquo", "”"], ["laquo", "«"], ["raquo", "»"], ["copy", "©"], ["euro", "€"],
]);

const AUTOLINK = /<((?:https?|ftp):\/\/[^\s<>]+|mailto:[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>/gi;

/** Tags after which words must stay apart ("one<br>two"); other tags just vanish. */
const SEPARATING_TAG =
  /^<\/?(?:br|p|div|li|ul|ol|tr|td|th|h[1-6]|hr|blockquote|pre|table|section|figure|figcaption)\b/i;

const WHITESPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;

type DelimiterRun = { char: string; start: number; end: number; canOpen: boolean; canClose: boolean };

/**
 * Finds the runs of *, _ and ~~ that can open or close emphasis, by CommonMark's flanking rules:
 * "2 * 3" and snake_case are not emphasis, "*word*" and "**word**" are.
 */
function delimiterRuns(text: string): DelimiterRun[] {
  const runs: DelimiterRun[] = [];
  for (const match of text.matchAll(/\*+|_+|~~/g)) {
    const char = match[0][0] ?? "";
    const start = match.index;
    const end = start + match[0].length;
    const before = text[start - 1] ?? " ";
    const after = text[end] ?? " ";
    const leftFlanking =
      !WHITESPACE.test(after) && (!PUNCTUATION.test(after) || WHITESPACE.test(before) || PUNCTUATION.test(before));
    const rightFlanking =
      !WHITESPACE.test(before) && (!PUNCTUATION.test(before) || WHITESPACE.test(after) || PUNCTUATION.test(after));
    const canOpen = char === "_" ? leftFlanking && (!rightFlanking || PUNCTUATION.test(before)) : leftFlanking;
    const canClose = char === "_" ? rightFlanking && (!leftFlanking || PUNCTUATION.test(after)) : rightFlanking;
    runs.push({ char, start, end, canOpen, canClose });
  }
  return runs;
}

/**
 * Drops the markers of emphasis, strong emphasis and strikethrough that pair up, leaving unpaired
 * ones as text. One pass with a stack per marker character keeps this linear, so a hostile
 * paragraph of thousands of asterisks costs no more than reading it.
 */
function withoutEmphasisMarkers(text: string): string {
  const openers = new Map<string, DelimiterRun[]>();
  const removed: DelimiterRun[] = [];
  for (const run of delimiterRuns(text)) {
    const stack = openers.get(run.char) ?? [];
    const opener = run.canClose ? stack.pop() : undefined;
    if (opener) removed.push(opener, run);
    else if (run.canOpen) stack.push(run);
    openers.set(run.char, stack);
  }
  removed.sort((a, b) => a.start - b.start);
  let result = "";
  let position = 0;
  for (const run of removed) {
    result += text.slice(position, run.start);
    position = run.end;
  }
  return result + text.slice(position);
}

/**
 * Code spans are literal: nothing inside them is Markdown. A span runs from a run of backticks
 * to the next run of the same length; a run without partner is just backticks. Pairing runs
 * through a "next run of this length" table keeps this linear.
 */
function withCodeSpansKept(text: string, keep: (literal: string) => string): string {
  const runs = Array.from(text.matchAll(/`+/g), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const partner: number[] = [];
  const nextOfLength = new Map<number, number>();
  for (let index = runs.length - 1; index >= 0; index -= 1) {
    const length = (runs[index]?.end ?? 0) - (runs[index]?.start ?? 0);
    partner[index] = nextOfLength.get(length) ?? -1;
    nextOfLength.set(length, index);
  }
  let result = "";
  let position = 0;
  for (let index = 0; index < runs.length; index += 1) {
    const open = runs[index];
    const close = runs[partner[index] ?? -1];
    if (!open || !close) continue;
    result += text.slice(position, open.start) + keep(text.slice(open.end, close.start));
    position = close.end;
    index = partner[index] ?? index;
  }
  return result + text.slice(position);
}

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith("#")) {
    const codePoint = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    const isSurrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
    const valid = Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff && !isSurrogate;
    return valid ? String.fromCodePoint(codePoint) : entity;
  }
  return NAMED_ENTITIES.get(name) ?? entity;
}

/**
 * Reduces one block of Markdown to the words a reader sees: links keep their text, images,
 * footnote markers and raw HTML disappear, emphasis and code markers are dropped, backslash
 * escapes and entities are resolved, and whitespace is collapsed. Only plain text is stored, so
 * nothing here needs to be safe to render; it needs to read naturally.
 */
export function markdownInlineText(markdown: string): string {
  const literals: string[] = [];
  const keep = (text: string) => `${OPEN}${literals.push(text) - 1}${CLOSE}`;

  let text = markdown.replace(/[\uE000\uE001]/g, "");
  text = text.replace(/\\`/g, () => keep("`"));
  text = withCodeSpansKept(text, keep);
  text = text.replace(/\\\n/g, " ");
  text = text.replace(/\\([!-/:-@[-`{-~])/g, (_, character: string) => keep(character));
  // Autolinks read as their address; protected so underscores in it are not taken for emphasis.
  text = text.replace(AUTOLINK, (_, address: string) => keep(address.replace(/^mailto:/i, "")));
  text = text.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  text = text.replace(/<(script|style|textarea|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, "");
  text = text.replace(/<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/g, (tag) => (SEPARATING_TAG.test(tag) ? " " : ""));
  text = text.replace(/!\[[^[\]]*\](?:\((?:[^()]|\([^()]*\))*\)|\[[^[\]]*\])/g, "");
  text = text.replace(/\[\^[^[\]\s]+\]/g, "");
  text = text.replace(/\[([^[\]]*)\](?:\((?:[^()]|\([^()]*\))*\)|\[[^[\]]*\])/g, "$1");
  text = withoutEmphasisMarkers(text);
  text = text.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, decodeEntity);
  // A literal can hold another one (an escaped backtick inside code), hence the recursion.
  const restore = (value: string): string =>
    value.replace(PLACEHOLDER, (_, index: string) => restore(literals[Number(index)] ?? ""));
  text = restore(text);
  return text.replace(/\s+/g, " ").trim();
}
