import type { List, ListItem, Nodes, PhrasingContent, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { exceedsMarkupBudget, type MarkupBudget } from "@/lib/markdown/exceeds-markup-budget.ts";
import { MAX_MENTION_NAME, MAX_USER_ID, mentionFromMarkdown, mentionSyntax } from "./mention-syntax.ts";
import { safeHref } from "./safe-href.ts";

/**
 * Comment markup: CommonMark with GFM autolinks, strikethrough and tables (micromark and mdast),
 * plus @mentions, mapped onto the small tree below that the UI renders with React elements only.
 * A comment body is whatever string someone wrote into the shared Y document, so the parser is
 * told to read no HTML, no entities and no images, and only http, https and mailto URLs ever
 * become links; anything else stays the text that was written.
 *
 * Comments are chat, not documents: headings, thematic breaks, indented code and link
 * definitions are switched off (a line "# 3 reasons" or "---" stays text), and every line
 * ending inside a paragraph is a line break. Constructs the tree has no node for fall back to
 * text a reader still understands: ordered lists keep their numbers, strikethrough keeps its
 * tildes, code blocks become one code span per line, table rows become lines of cells.
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

const USER_ID = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_USER_ID}}$`);
const MENTION_NAME_FALLBACK = "member";
/** Quotes nested deeper than this are shown as "> " text: renderers recurse over the tree. */
const MAX_QUOTE_DEPTH = 3;
/** Strong, emphasis and links nested deeper than this keep their markers as text, for the same reason. */
const MAX_INLINE_DEPTH = 8;

const PARSE_OPTIONS = {
  extensions: [
    gfm({ singleTilde: false }),
    mentionSyntax,
    {
      disable: {
        null: [
          "characterReference",
          "codeIndented",
          "definition",
          "gfmFootnoteCall",
          "gfmFootnoteDefinition",
          "gfmPotentialFootnoteCall",
          "headingAtx",
          "htmlFlow",
          "htmlText",
          "labelStartImage",
          "setextUnderline",
          "tasklistCheck",
          "thematicBreak",
        ],
      },
    },
  ],
  mdastExtensions: [gfmFromMarkdown(), mentionFromMarkdown],
};

/**
 * Far more than a comment of at most 10,000 characters needs (a link or a mention takes one
 * bracket, an emphasis two delimiter runs); past it a body is shown as written.
 */
const COMMENT_MARKUP_BUDGET: MarkupBudget = { delimiterRuns: 400, longestDelimiterRun: 64, brackets: 300, backtickRuns: 300, angleBrackets: 300, addressHints: 200, nesting: 12 };

/**
 * How many parsed bodies to keep. The library parser costs about a millisecond per comment
 * that holds markup (10 to 25 times the hand-written scanner it replaced, bench/comment-markup.ts),
 * and the annotation page parses every comment again on each render and each filter keystroke,
 * so trees are kept by body: a body never changes meaning, and a page of a few thousand
 * comments fits.
 */
const CACHE_SIZE = 5_000;
const parsed = new Map<string, Block[]>();

/**
 * The comment tree of `body`. The result is shared between callers (see CACHE_SIZE): read it,
 * never change it.
 */
export function parseCommentMarkup(body: string): Block[] {
  const cached = parsed.get(body);
  if (cached) {
    // Map keeps insertion order: moving a hit to the end makes the first key the least recently used.
    parsed.delete(body);
    parsed.set(body, cached);
    return cached;
  }
  const blocks = parse(body.replace(/\r\n?/g, "\n"));
  parsed.set(body, blocks);
  if (parsed.size > CACHE_SIZE) parsed.delete(parsed.keys().next().value!);
  return blocks;
}

/**
 * Characters that can start markup under PARSE_OPTIONS (and "www." and ordered-list numbers,
 * which start with ordinary ones). Text without any is paragraphs and lines whatever the
 * parser says, and most comments are such text: they skip the parser, which costs a
 * millisecond or more per comment where this test costs microseconds.
 */
const MAY_HOLD_MARKUP = /[*_~`[\]<>\\|@:]|www\.|^[ \t]*(?:[-+]|\d{1,9}[.)])(?:[ \t]|$)/im;

function parse(source: string): Block[] {
  if (!MAY_HOLD_MARKUP.test(source)) return asWritten(source);
  if (exceedsMarkupBudget(source, COMMENT_MARKUP_BUDGET)) return asWritten(source);
  return toBlocks(fromMarkdown(source, PARSE_OPTIONS).children, { source, quoteDepth: 0 });
}

const MENTION_TOKEN = new RegExp(`@\\[([^[\\]\\n]{1,${MAX_MENTION_NAME * 2}})\\]\\(user:([A-Za-z0-9_-]{1,${MAX_USER_ID}})\\)`, "g");

/**
 * Paragraphs and lines as written, with only mentions read: for text without markup, and for a
 * body with more markup than the parser should see, so that the people it mentions are still
 * notified. Lines are trimmed as CommonMark trims them.
 */
function asWritten(source: string): Block[] {
  return source
    .split(/\n[ \t]*\n/)
    .map((paragraph): Block => {
      const text = paragraph.trim().replace(/[ \t]*\n[ \t]*/g, "\n");
      const children: Inline[] = [];
      let position = 0;
      for (const match of text.matchAll(MENTION_TOKEN)) {
        const name = match[1]!.trim();
        if (name === "") continue;
        pushLines(children, text.slice(position, match.index));
        children.push({ type: "mention", userId: match[2]!, name });
        position = match.index + match[0].length;
      }
      pushLines(children, text.slice(position));
      return { type: "paragraph", children };
    })
    .filter((block) => block.type === "paragraph" && block.children.length > 0);
}

/** Unique ids of the users mentioned in `body`, in order of first mention. */
export function extractMentionIds(body: string): string[] {
  const ids = new Set<string>();
  const visit = (nodes: readonly Inline[]) => {
    for (const node of nodes) {
      if (node.type === "mention") ids.add(node.userId);
      else if (node.type === "strong" || node.type === "emphasis" || node.type === "link") visit(node.children);
    }
  };
  const visitBlocks = (blocks: readonly Block[]) => {
    for (const block of blocks) {
      if (block.type === "paragraph") visit(block.children);
      else if (block.type === "list") block.items.forEach(visit);
      else visitBlocks(block.children);
    }
  };
  visitBlocks(parseCommentMarkup(body));
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

// mdast to the comment tree

type BlockContext = { source: string; quoteDepth: number };
type InlineContext = { source: string; depth: number; inLink: boolean };

/** The text a node was written as: what a reader sees for markup the tree cannot show. */
function written(node: Nodes, source: string): string {
  const { start, end } = node.position ?? {};
  return start?.offset === undefined || end?.offset === undefined ? "" : source.slice(start.offset, end.offset);
}

function pushText(nodes: Inline[], value: string): void {
  if (value === "") return;
  const last = nodes.at(-1);
  if (last?.type === "text") nodes[nodes.length - 1] = { type: "text", value: last.value + value };
  else nodes.push({ type: "text", value });
}

function pushInlines(target: Inline[], nodes: readonly Inline[]): void {
  for (const node of nodes) {
    if (node.type === "text") pushText(target, node.value);
    else target.push(node);
  }
}

/** Text with its line endings as break nodes: in a chat message every new line is meant. */
function pushLines(target: Inline[], value: string): void {
  value.split("\n").forEach((line, index) => {
    if (index > 0) target.push({ type: "break" });
    pushText(target, line);
  });
}

function joinLines(runs: readonly Inline[][]): Inline[] {
  const joined: Inline[] = [];
  runs.forEach((run, index) => {
    if (index > 0) joined.push({ type: "break" });
    pushInlines(joined, run);
  });
  return joined;
}

function toInlines(nodes: readonly PhrasingContent[], context: InlineContext): Inline[] {
  const result: Inline[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case "text":
        pushLines(result, node.value);
        break;
      case "break":
        result.push({ type: "break" });
        break;
      case "inlineCode":
        // CommonMark reads a line ending inside a code span as a space.
        result.push({ type: "code", value: node.value.replace(/\n/g, " ") });
        break;
      case "strong":
      case "emphasis": {
        if (context.depth >= MAX_INLINE_DEPTH) {
          const marker = written(node, context.source).slice(0, node.type === "strong" ? 2 : 1);
          pushText(result, marker);
          pushInlines(result, toInlines(node.children, context));
          pushText(result, marker);
        } else {
          result.push({ type: node.type, children: toInlines(node.children, { ...context, depth: context.depth + 1 }) });
        }
        break;
      }
      case "delete": {
        const marker = written(node, context.source).startsWith("~~") ? "~~" : "~";
        pushText(result, marker);
        pushInlines(result, toInlines(node.children, context));
        pushText(result, marker);
        break;
      }
      case "link": {
        const href = safeHref(node.url);
        if (href === null || context.inLink || context.depth >= MAX_INLINE_DEPTH) {
          pushText(result, written(node, context.source));
        } else {
          result.push({ type: "link", href, children: toInlines(node.children, { ...context, depth: context.depth + 1, inLink: true }) });
        }
        break;
      }
      case "mention":
        // A mention inside a link label would be a control inside a control: the label keeps the token as written.
        if (context.inLink) pushText(result, written(node, context.source));
        else result.push({ type: "mention", userId: node.userId, name: node.name });
        break;
      default:
        // Raw HTML, images, references and footnotes are switched off in the parser; should one
        // slip through a future extension, it is shown as the text it was written as.
        pushText(result, written(node, context.source));
    }
  }
  return result;
}

/** Each line of a list item, a code block or a table row, ready to be a list item or a paragraph's lines. */
function toRuns(node: RootContent, context: BlockContext): Inline[][] {
  const inline: InlineContext = { source: context.source, depth: 0, inLink: false };
  switch (node.type) {
    case "paragraph":
      return [toInlines(node.children, inline)];
    case "code":
      return node.value === "" ? [] : node.value.split("\n").map((line) => (line === "" ? [] : [{ type: "code", value: line }]));
    case "table":
      return node.children.map((row) => {
        const cells: Inline[] = [];
        row.children.forEach((cell, index) => {
          if (index > 0) pushText(cells, " | ");
          pushInlines(cells, toInlines(cell.children, inline));
        });
        return cells;
      });
    case "list":
      return listRuns(node, context).map((item, index) => (node.ordered ? prefixed(`${(node.start ?? 1) + index}. `, item) : item));
    case "blockquote":
      return node.children.flatMap((child) => toRuns(child, context)).map((run) => prefixed("> ", run));
    default:
      return [[{ type: "text", value: written(node, context.source) }]];
  }
}

function prefixed(prefix: string, inlines: readonly Inline[]): Inline[] {
  const run: Inline[] = [];
  pushText(run, prefix);
  pushInlines(run, inlines);
  return run;
}

/** A nested list continues its parent: comment lists are flat, as they are in chat. */
function listRuns(list: List, context: BlockContext): Inline[][] {
  return list.children.flatMap((item: ListItem) => {
    const own = item.children.filter((child) => child.type !== "list");
    const nested = item.children.filter((child): child is List => child.type === "list");
    return [joinLines(own.flatMap((child) => toRuns(child, context))), ...nested.flatMap((child) => toRuns(child, context))];
  });
}

function toBlocks(nodes: readonly RootContent[], context: BlockContext): Block[] {
  const blocks: Block[] = [];
  for (const node of nodes) {
    if (node.type === "list" && !node.ordered) {
      blocks.push({ type: "list", items: listRuns(node, context) });
    } else if (node.type === "blockquote" && context.quoteDepth < MAX_QUOTE_DEPTH) {
      const children = toBlocks(node.children, { ...context, quoteDepth: context.quoteDepth + 1 });
      if (children.length > 0) blocks.push({ type: "blockquote", children });
    } else {
      const children = joinLines(toRuns(node, context));
      if (children.length > 0) blocks.push({ type: "paragraph", children });
    }
  }
  return blocks;
}
