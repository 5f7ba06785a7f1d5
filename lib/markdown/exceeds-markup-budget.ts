/**
 * micromark is correct but not linear on every input: its emphasis and link resolvers look back
 * over all earlier delimiters and brackets, and each nested container costs a pass per line.
 * Ten kilobytes of "*_*_" took twenty seconds, and thousands of nested quotes overflow the
 * stack of anything that walks the tree. Real writing uses a few dozen of each, so text that
 * holds far more markup than prose ever does is not handed to the parser at all; callers show it
 * as plain text instead. The scan here is linear and cheap next to the parse.
 */
export type MarkupBudget = {
  /** Runs of "*", "_" or "~", each a potential emphasis or strikethrough delimiter. */
  delimiterRuns: number;
  /**
   * Characters in one run of "*", "_" or "~": a run of n pairs with another as n/2 nested
   * emphases, and micromark's cost grows with the square of that (a thousand asterisks each
   * side took seconds). Writing uses three at most; a rule drawn with them, a few dozen.
   */
  longestDelimiterRun: number;
  /** "[" characters: potential links, images, footnotes and mentions. */
  brackets: number;
  /** Runs of backticks: potential code spans. */
  backtickRuns: number;
  /** "<" characters: potential autolinks and HTML. */
  angleBrackets: number;
  /** "@", "://" and "www.": potential GFM autolinks (and mentions), each costly to try. */
  addressHints: number;
  /** Container markers (quote ">" and list bullets) opening a single line. */
  nesting: number;
};

/** Leading quote markers and list bullets of one line, each one a nested container. */
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?)+/;
const CONTAINER_MARKER = /(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/g;

/** Columns of leading whitespace, a tab counting four as CommonMark's tab stops do (at most). */
function indentation(line: string): number {
  let columns = 0;
  for (const char of line) {
    if (char === " ") columns += 1;
    else if (char === "\t") columns += 4;
    else break;
  }
  return columns;
}

export function exceedsMarkupBudget(text: string, budget: MarkupBudget): boolean {
  let delimiterRuns = 0;
  let brackets = 0;
  let backtickRuns = 0;
  let angleBrackets = 0;
  let addressHints = 0;
  let previous = "";
  let runLength = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    const delimiter = char === "*" || char === "_" || char === "~";
    runLength = delimiter && char === previous ? runLength + 1 : 1;
    if (delimiter && runLength > budget.longestDelimiterRun) return true;
    if (char !== previous) {
      if (delimiter) delimiterRuns += 1;
      else if (char === "`") backtickRuns += 1;
    }
    if (char === "[") brackets += 1;
    else if (char === "<") angleBrackets += 1;
    else if (char === "@" || (char === ":" && text.startsWith("//", index + 1)) || ((char === "w" || char === "W") && /^www\./i.test(text.slice(index, index + 4)))) {
      addressHints += 1;
    }
    previous = char;
  }
  if (
    delimiterRuns > budget.delimiterRuns ||
    brackets > budget.brackets ||
    backtickRuns > budget.backtickRuns ||
    angleBrackets > budget.angleBrackets ||
    addressHints > budget.addressHints
  ) {
    return true;
  }
  for (const line of text.split("\n")) {
    const prefix = CONTAINER_PREFIX.exec(line)?.[0];
    if (prefix && (prefix.match(CONTAINER_MARKER)?.length ?? 0) > budget.nesting) return true;
    // Lists also nest by indentation alone, two columns a level: 170 levels took seconds.
    if (indentation(line) > budget.nesting * 4) return true;
  }
  return false;
}
