/**
 * Comment markup: plain text with light Markdown, links and @mentions, parsed into a small AST that
 * the UI renders with React elements only. A comment body is whatever string someone wrote into the
 * shared Y document, so nothing here produces HTML, and only http, https and mailto URLs ever become
 * links. Parsing runs in linear time (a single left-to-right scan plus CommonMark's delimiter-stack
 * algorithm for emphasis), so a hostile 10,000-character body cannot stall a reader's tab.
 *
 * Blocks are line-oriented, like chat rather than full Markdown: a blank line ends a paragraph, a
 * line starting with "- " or "* " is a list item (an indented line after it continues the item), a
 * line starting with "> " is quoted, and any other line ends a list or a quote. Every newline inside
 * a block is a line break.
 */

export type Inline =
  | { type: "text"; value: string }
  | { type: "break" }
  | { type: "strong"; children: Inline[] }
  | { type: "emphasis"; children: Inline[] }
  | { type: "code"; value: string }
  | { type: "link"; href: string; children: Inline[] }
  | { type: "mention"; userId: string; name: string };

export type Block =
  | { type: "paragraph"; children: Inline[] }
  | { type: "list"; items: Inline[][] }
  | { type: "blockquote"; children: Block[] };

/** Same shape as user ids (UUIDs today); 128 leaves room for other id schemes. */
const USER_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** Names are at most 80 characters (lib/auth/schema.ts); a little slack for older tokens. */
const MAX_MENTION_NAME = 120;
const MENTION_NAME_FALLBACK = "member";
/** Nested quotes deeper than this stay literal "> " text. */
const MAX_QUOTE_DEPTH = 3;
/** Strong/emphasis nested deeper than this keeps its markers as text: renderers recurse over the tree. */
const MAX_INLINE_DEPTH = 8;
const MAX_LABEL_DEPTH = 2;
/** Characters a backslash makes literal. Not the backtick: code spans do not see escapes. */
const ESCAPABLE = new Set(["\\", "*", "_", "[", "]", "(", ")", "@", ">", "-"]);
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

export function parseCommentMarkup(body: string): Block[] {
  return parseBlocks(body.replace(/\r\n?/g, "\n").split("\n"), 0);
}

/** Unique ids of the users mentioned in `body`, in order of first mention. */
export function extractMentionIds(body: string): string[] {
  const ids = new Set<string>();
  walkInlines(parseCommentMarkup(body), (node) => {
    if (node.type === "mention") ids.add(node.userId);
  });
  return [...ids];
}

/** The markup for mentioning a member; brackets and parentheses are dropped from the name so it parses back. */
export function mentionToken(name: string, userId: string): string {
  if (!USER_ID.test(userId)) throw new Error(`Cannot mention user id ${JSON.stringify(userId)}`);
  const cleaned = Array.from(name.replace(/[[\]()]/g, "").replace(/\s+/g, " ").trim())
    .slice(0, MAX_MENTION_NAME)
    .join("")
    .trim();
  return `@[${cleaned || MENTION_NAME_FALLBACK}]${mentionTarget(userId)}`;
}

/** How every stored mention of `userId` ends, whatever name it shows: for finding mentions in stored text. */
export function mentionTarget(userId: string): string {
  return `(user:${userId})`;
}

/**
 * The text of a comment without inline markup, mentions as "@Name": for search, notifications,
 * screen-reader announcements and exports. Paragraphs are separated by a blank line, list items
 * keep a "- " and quoted lines a "> ", as plain-text mail does.
 */
export function commentPlainText(body: string): string {
  return blocksToText(parseCommentMarkup(body));
}

/** Calls `visit` on every inline node, parents before children, in document order. */
export function walkInlines(blocks: readonly Block[], visit: (node: Inline) => void): void {
  const stack: Inline[] = [];
  const pushAll = (nodes: readonly Inline[]) => {
    for (let index = nodes.length - 1; index >= 0; index -= 1) stack.push(nodes[index]!);
  };
  const pending: Block[] = [...blocks].reverse();
  while (pending.length > 0) {
    const block = pending.pop()!;
    if (block.type === "blockquote") {
      for (let index = block.children.length - 1; index >= 0; index -= 1) pending.push(block.children[index]!);
      continue;
    }
    const runs = block.type === "paragraph" ? [block.children] : block.items;
    for (const run of runs) {
      pushAll(run);
      while (stack.length > 0) {
        const node = stack.pop()!;
        visit(node);
        if (node.type === "strong" || node.type === "emphasis" || node.type === "link") pushAll(node.children);
      }
    }
  }
}

// Blocks

type LineKind = "blank" | "quote" | "item" | "text";

function classify(line: string, depth: number): { kind: LineKind; content: string } {
  const trimmed = line.trim();
  if (trimmed === "") return { kind: "blank", content: "" };
  if (depth < MAX_QUOTE_DEPTH && (trimmed === ">" || trimmed.startsWith("> "))) {
    return { kind: "quote", content: line.trimStart().slice(2) };
  }
  if ((trimmed.startsWith("- ") || trimmed.startsWith("* ")) && trimmed.length > 2) {
    return { kind: "item", content: trimmed.slice(2).trim() };
  }
  return { kind: "text", content: trimmed };
}

function parseBlocks(lines: readonly string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const { kind, content } = classify(line, depth);
    if (kind === "blank") {
      index += 1;
    } else if (kind === "quote") {
      const quoted: string[] = [];
      for (; index < lines.length; index += 1) {
        const next = classify(lines[index]!, depth);
        if (next.kind !== "quote") break;
        quoted.push(next.content);
      }
      const children = parseBlocks(quoted, depth + 1);
      if (children.length > 0) blocks.push({ type: "blockquote", children });
    } else if (kind === "item") {
      const items: string[][] = [];
      for (; index < lines.length; index += 1) {
        const raw = lines[index]!;
        const next = classify(raw, depth);
        const last = items.at(-1);
        if (next.kind === "item") items.push([next.content]);
        else if (next.kind === "text" && last && /^\s/.test(raw)) last.push(next.content);
        else break;
      }
      blocks.push({ type: "list", items: items.map((item) => parseInline(item.join("\n"), true, MAX_INLINE_DEPTH)) });
    } else {
      const paragraph: string[] = [content];
      for (index += 1; index < lines.length; index += 1) {
        const next = classify(lines[index]!, depth);
        if (next.kind !== "text") break;
        paragraph.push(next.content);
      }
      blocks.push({ type: "paragraph", children: parseInline(paragraph.join("\n"), true, MAX_INLINE_DEPTH) });
    }
  }
  return blocks;
}

// Inlines

interface Delimiter {
  char: "*" | "_";
  /** Markers not yet used by a match. */
  count: number;
  /** Length of the run as written; the "rule of 3" looks at it. */
  length: number;
  canOpen: boolean;
  canClose: boolean;
  /** Source order, which is also stack order; see `openersBottom`. */
  order: number;
  previous: Delimiter | null;
  next: Delimiter | null;
  node: Piece;
}

/** One entry in the doubly linked list of parsed pieces; delimiter runs are pieces until matched. */
interface Piece {
  previous: Piece | null;
  next: Piece | null;
  nodes: Inline[];
  /** Strong/emphasis nesting within `nodes`. */
  depth: number;
  delimiter: Delimiter | null;
}

const WHITESPACE = /^\s$/u;
const PUNCTUATION = /^[\p{P}\p{S}]$/u;
const WORD = /^[\p{L}\p{N}]$/u;

function isWhitespace(char: string): boolean {
  if (char <= "\u007f") return char === " " || char === "\n" || char === "\t" || char === "\r" || char === "\f" || char === "\v";
  return WHITESPACE.test(char);
}

function isPunctuation(char: string): boolean {
  if (char > "\u007f") return PUNCTUATION.test(char);
  return (char >= "!" && char <= "/") || (char >= ":" && char <= "@") || (char >= "[" && char <= "`") || (char >= "{" && char <= "~");
}

function charBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1];
}

function charAt(text: string, index: number): string | undefined {
  const point = text.codePointAt(index);
  if (point === undefined || point < 0xd800) return text[index];
  return String.fromCodePoint(point);
}

/** CommonMark's flanking rules; the start and end of the text count as whitespace. */
function flanking(text: string, start: number, end: number, char: "*" | "_"): { canOpen: boolean; canClose: boolean } {
  const before = charBefore(text, start);
  const after = charAt(text, end);
  const spaceBefore = before === undefined || isWhitespace(before);
  const spaceAfter = after === undefined || isWhitespace(after);
  const punctBefore = before !== undefined && isPunctuation(before);
  const punctAfter = after !== undefined && isPunctuation(after);
  const left = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
  const right = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
  if (char === "*") return { canOpen: left, canClose: right };
  return { canOpen: left && (!right || punctBefore), canClose: right && (!left || punctAfter) };
}

function pushText(nodes: Inline[], value: string): void {
  if (value === "") return;
  const last = nodes.at(-1);
  if (last?.type === "text") nodes[nodes.length - 1] = { type: "text", value: last.value + value };
  else nodes.push({ type: "text", value });
}

function pushNodes(target: Inline[], nodes: readonly Inline[]): void {
  for (const node of nodes) {
    if (node.type === "text") pushText(target, node.value);
    else target.push(node);
  }
}

/** Flattens pieces `from`..`to` (inclusive) into nodes; unmatched delimiters become their text. */
function collect(from: Piece | null, to: Piece | null): { nodes: Inline[]; depth: number } {
  const nodes: Inline[] = [];
  let depth = 0;
  for (let piece = from; piece !== null; piece = piece.next) {
    if (piece.delimiter) pushText(nodes, piece.delimiter.char.repeat(piece.delimiter.count));
    else pushNodes(nodes, piece.nodes);
    depth = Math.max(depth, piece.depth);
    if (piece === to) break;
  }
  return { nodes, depth };
}

interface BacktickRun {
  start: number;
  length: number;
  line: number;
}

/**
 * Finds the run closing a code span: the next run of the same length on the same line. Each length
 * keeps a cursor that only moves forward, so all lookups together are linear.
 */
function codeSpanFinder(text: string): (start: number, length: number) => BacktickRun | null {
  const byLength = new Map<number, { runs: BacktickRun[]; cursor: number }>();
  let line = 0;
  for (let index = 0; index < text.length; ) {
    const char = text[index];
    if (char === "\n") line += 1;
    if (char !== "`") {
      index += 1;
      continue;
    }
    let end = index;
    while (text[end] === "`") end += 1;
    const length = end - index;
    let entry = byLength.get(length);
    if (!entry) byLength.set(length, (entry = { runs: [], cursor: 0 }));
    entry.runs.push({ start: index, length, line });
    index = end;
  }
  return (start, length) => {
    const entry = byLength.get(length);
    if (!entry) return null;
    while (entry.cursor < entry.runs.length && entry.runs[entry.cursor]!.start <= start) entry.cursor += 1;
    const opener = entry.runs[entry.cursor - 1];
    const closer = entry.runs[entry.cursor];
    return closer && opener && opener.start === start && closer.line === opener.line ? closer : null;
  };
}

/** The href to use for `raw`, or null when it is not an http, https or mailto URL. */
export function safeHref(raw: string): string | null {
  if (!/^(?:https?:\/\/|mailto:)./i.test(raw)) return null;
  for (const char of raw) {
    if (isWhitespace(char) || char < " " || char === "\u007f") return null;
  }
  try {
    const url = new URL(raw);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** `@[Name](user:ID)` at `start`, with a bounded look-ahead. */
function matchMention(text: string, start: number): { node: Inline; end: number } | null {
  if (text[start + 1] !== "[") return null;
  const limit = Math.min(text.length, start + 2 + MAX_MENTION_NAME * 2);
  let nameEnd = start + 2;
  while (nameEnd < limit && text[nameEnd] !== "]" && text[nameEnd] !== "[" && text[nameEnd] !== "\n") nameEnd += 1;
  const name = text.slice(start + 2, nameEnd).trim();
  if (text[nameEnd] !== "]" || name === "" || !text.startsWith("(user:", nameEnd + 1)) return null;
  const idStart = nameEnd + 7;
  let idEnd = idStart;
  while (idEnd - idStart <= 128 && /[A-Za-z0-9_-]/.test(text[idEnd] ?? "")) idEnd += 1;
  const userId = text.slice(idStart, idEnd);
  if (text[idEnd] !== ")" || !USER_ID.test(userId)) return null;
  return { node: { type: "mention", userId, name }, end: idEnd + 1 };
}

/**
 * `[label](url)` at `start`. Neither label nor destination may hold "[" or a line break, so the
 * text scanned from one "[" ends before the next and all scans together are linear. The
 * destination may hold balanced parentheses (Wikipedia-style URLs) but no whitespace.
 */
function matchLink(text: string, start: number): { label: string; href: string; end: number } | null {
  let index = start + 1;
  for (; index < text.length; index += 1) {
    const char = text[index];
    if (char === "\\") index += 1;
    else if (char === "[" || char === "\n") return null;
    else if (char === "]") break;
  }
  const label = text.slice(start + 1, index);
  if (text[index] !== "]" || text[index + 1] !== "(" || label.trim() === "") return null;
  let depth = 0;
  let end = index + 2;
  for (; end < text.length; end += 1) {
    const char = text[end]!;
    if (char === "[" || isWhitespace(char)) return null;
    if (char === "(") depth += 1;
    else if (char === ")") {
      if (depth === 0) break;
      depth -= 1;
    }
  }
  if (text[end] !== ")") return null;
  const href = safeHref(text.slice(index + 2, end));
  return href === null ? null : { label, href, end: end + 1 };
}

const AUTOLINK_START = /^https?:\/\//i;
const AUTOLINK_TRAILING = new Set([".", ",", ":", ";", "!", "?", "*", "_", "~", "'", '"']);

/** A bare http(s) URL at `start`, up to whitespace or "<", minus trailing punctuation and unbalanced ")". */
function matchAutolink(text: string, start: number): { url: string; href: string | null; end: number } {
  let end = start;
  while (end < text.length && !isWhitespace(text[end]!) && text[end] !== "<" && text[end] !== ">") end += 1;
  let opened = 0;
  let closed = 0;
  for (let index = start; index < end; index += 1) {
    if (text[index] === "(") opened += 1;
    else if (text[index] === ")") closed += 1;
  }
  while (end > start) {
    const last = text[end - 1]!;
    if (AUTOLINK_TRAILING.has(last)) end -= 1;
    else if (last === ")" && closed > opened) {
      closed -= 1;
      end -= 1;
    } else break;
  }
  const url = text.slice(start, end);
  return { url, href: safeHref(url), end };
}

/**
 * Inline nodes of one block. `full` allows links and mentions (a link label is parsed without
 * them); `maxDepth` bounds strong/emphasis nesting.
 */
function parseInline(text: string, full: boolean, maxDepth: number): Inline[] {
  const head: Piece = { previous: null, next: null, nodes: [], depth: 0, delimiter: null };
  let tail = head;
  let lastDelimiter: Delimiter | null = null;
  let order = 0;
  const findCodeClose = codeSpanFinder(text);

  const append = (nodes: Inline[], depth = 0, delimiter: Delimiter | null = null): Piece => {
    const piece: Piece = { previous: tail, next: null, nodes, depth, delimiter };
    tail.next = piece;
    tail = piece;
    return piece;
  };
  // Literal text accumulates as the range textStart..index and is appended before any other node.
  let textStart = 0;
  const flush = (end: number) => {
    if (end > textStart) append([{ type: "text", value: text.slice(textStart, end) }]);
  };

  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === "\\" && ESCAPABLE.has(text[index + 1] ?? "")) {
      flush(index);
      textStart = index + 1;
      index += 2;
    } else if (char === "\n") {
      flush(index);
      append([{ type: "break" }]);
      textStart = index += 1;
    } else if (char === "`") {
      let end = index;
      while (text[end] === "`") end += 1;
      const closer = findCodeClose(index, end - index);
      if (closer) {
        let value = text.slice(end, closer.start);
        if (value.length >= 2 && value.startsWith(" ") && value.endsWith(" ") && value.trim() !== "") value = value.slice(1, -1);
        flush(index);
        append([{ type: "code", value }]);
        textStart = index = closer.start + closer.length;
      } else {
        index = end;
      }
    } else if (char === "*" || char === "_") {
      let end = index;
      while (text[end] === char) end += 1;
      const { canOpen, canClose } = flanking(text, index, end, char);
      if (canOpen || canClose) {
        flush(index);
        const delimiter: Delimiter = {
          char,
          count: end - index,
          length: end - index,
          canOpen,
          canClose,
          order: order++,
          previous: lastDelimiter,
          next: null,
          node: head,
        };
        delimiter.node = append([], 0, delimiter);
        if (lastDelimiter) lastDelimiter.next = delimiter;
        lastDelimiter = delimiter;
        textStart = end;
      }
      index = end;
    } else if (full && char === "@" && text[index + 1] === "[") {
      const mention = matchMention(text, index);
      if (mention) {
        flush(index);
        append([mention.node]);
        textStart = index = mention.end;
      } else {
        index += 1;
      }
    } else if (full && char === "[") {
      const link = matchLink(text, index);
      if (link) {
        flush(index);
        append([{ type: "link", href: link.href, children: parseInline(link.label, false, MAX_LABEL_DEPTH) }], MAX_LABEL_DEPTH + 1);
        textStart = index = link.end;
      } else {
        index += 1;
      }
    } else if (full && (char === "h" || char === "H") && AUTOLINK_START.test(text.slice(index, index + 8))) {
      const before = charBefore(text, index);
      if (before !== undefined && WORD.test(before)) {
        index += 1;
        continue;
      }
      const { url, href, end } = matchAutolink(text, index);
      if (href) {
        flush(index);
        append([{ type: "link", href, children: [{ type: "text", value: url }] }], 1);
        textStart = end;
      }
      // A candidate that is no URL after all stays text, in one piece: none of it starts markup.
      index = Math.max(end, index + 1);
    } else {
      index += 1;
    }
  }
  flush(text.length);

  processEmphasis(lastDelimiter, maxDepth);
  return collect(head.next, null).nodes;
}

function removePiece(piece: Piece): void {
  if (piece.previous) piece.previous.next = piece.next;
  if (piece.next) piece.next.previous = piece.previous;
}

function removeDelimiter(delimiter: Delimiter): void {
  if (delimiter.previous) delimiter.previous.next = delimiter.next;
  if (delimiter.next) delimiter.next.previous = delimiter.previous;
}

/**
 * CommonMark's "process emphasis" over the delimiter stack, including the rule of 3. Openers that
 * failed for a kind of closer are not searched again (`openersBottom`, kept as source order so a
 * removed delimiter cannot be skipped past), which keeps it linear.
 */
function processEmphasis(last: Delimiter | null, maxDepth: number): void {
  let first = last;
  while (first?.previous) first = first.previous;
  // Indexed by closer: character, whether it can also open, and its length modulo 3.
  const openersBottom: number[] = new Array<number>(12).fill(-1);
  let current = first;
  while (current) {
    const closer: Delimiter = current;
    if (!closer.canClose) {
      current = closer.next;
      continue;
    }
    const key = (closer.char === "*" ? 0 : 6) + (closer.canOpen ? 3 : 0) + (closer.length % 3);
    const bottom = openersBottom[key]!;
    let opener = closer.previous;
    while (opener && opener.order > bottom) {
      const oddMatch =
        (opener.canClose || closer.canOpen) &&
        (opener.length + closer.length) % 3 === 0 &&
        !(opener.length % 3 === 0 && closer.length % 3 === 0);
      if (opener.char === closer.char && opener.canOpen && !oddMatch) break;
      opener = opener.previous;
    }
    if (!opener || opener.order <= bottom) {
      openersBottom[key] = closer.previous?.order ?? -1;
      if (!closer.canOpen) removeDelimiter(closer);
      current = closer.next;
      continue;
    }

    const use = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
    opener.count -= use;
    closer.count -= use;
    const inner = opener.node.next === closer.node ? { nodes: [], depth: 0 } : collect(opener.node.next, closer.node.previous);
    const nodes: Inline[] = [];
    if (inner.depth < maxDepth) {
      nodes.push({ type: use === 2 ? "strong" : "emphasis", children: inner.nodes });
    } else {
      const marker = closer.char.repeat(use);
      pushText(nodes, marker);
      pushNodes(nodes, inner.nodes);
      pushText(nodes, marker);
    }
    const depth = Math.min(inner.depth + 1, maxDepth);
    const wrapped: Piece = { previous: opener.node, next: closer.node, nodes, depth, delimiter: null };
    opener.node.next = wrapped;
    closer.node.previous = wrapped;
    opener.next = closer;
    closer.previous = opener;
    if (opener.count === 0) {
      removePiece(opener.node);
      removeDelimiter(opener);
    }
    if (closer.count === 0) {
      removePiece(closer.node);
      removeDelimiter(closer);
      current = closer.next;
    }
  }
}

// Plain text

function inlinesToText(nodes: readonly Inline[]): string {
  let text = "";
  for (const node of nodes) {
    switch (node.type) {
      case "text":
      case "code":
        text += node.value;
        break;
      case "break":
        text += "\n";
        break;
      case "mention":
        text += `@${node.name}`;
        break;
      default:
        text += inlinesToText(node.children);
    }
  }
  return text;
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split("\n")
    .map((line, index) => (index === 0 ? first : rest) + line)
    .join("\n");
}

function blocksToText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case "paragraph":
          return inlinesToText(block.children);
        case "list":
          return block.items.map((item) => prefixLines(inlinesToText(item), "- ", "  ")).join("\n");
        case "blockquote":
          return prefixLines(blocksToText(block.children), "> ", "> ");
      }
    })
    .join("\n\n");
}
