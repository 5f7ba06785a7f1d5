import type { Block } from "@/lib/documents/schema.ts";

/** Elements whose content is never article text: code, media, navigation and interactive controls. */
const NEVER_TEXT = new Set([
  "nav", "menu",
  "script", "style", "noscript", "template", "head", "title", "meta", "link",
  "img", "picture", "source", "svg", "math", "canvas", "video", "audio", "track", "iframe", "object", "embed", "map",
  "form", "button", "input", "select", "option", "textarea", "label", "dialog",
]);
/** Page furniture around an article; skipped only when no article element was found for us. */
const PAGE_CHROME = new Set(["header", "footer", "aside"]);
const HEADING = /^h[1-6]$/;
/** Elements that start a new block: paragraphs, list items, quotes, captions and their containers. */
const BLOCK = new Set([
  "p", "li", "blockquote", "pre", "figcaption", "div", "section", "article", "main", "header", "footer", "aside",
  "ul", "ol", "dl", "dt", "dd", "figure", "table", "thead", "tbody", "tfoot", "tr", "caption", "hr",
  "address", "details", "summary", "center", "fieldset", "hgroup", "search",
]);
/** Table cells are read as words of one row, so neighbours must not run together. */
const CELL = new Set(["td", "th"]);

export type HtmlTextBlocksOptions = { skipPageChrome?: boolean };

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function isElement(node: Node): node is Element {
  return node.nodeType === node.ELEMENT_NODE;
}

function isIgnored(element: Element, skipPageChrome: boolean): boolean {
  const tag = element.localName;
  if (NEVER_TEXT.has(tag) || (skipPageChrome && PAGE_CHROME.has(tag))) return true;
  return element.hasAttribute("hidden") || element.getAttribute("aria-hidden") === "true";
}

/**
 * Visits the descendants of `root` in document order, calling `enter` on the way down (return
 * false to skip the children) and `leave` on the way back up. It uses its own stack rather than
 * recursion because hostile pages nest elements thousands deep.
 */
function walk(root: Node, enter: (node: Node) => boolean, leave: (element: Element) => void): void {
  const stack: { node: Node; leaving: boolean }[] = [];
  const pushChildren = (parent: Node) => {
    for (let child = parent.lastChild; child; child = child.previousSibling) {
      stack.push({ node: child, leaving: false });
    }
  };
  pushChildren(root);
  for (let step = stack.pop(); step; step = stack.pop()) {
    if (step.leaving) {
      if (isElement(step.node)) leave(step.node);
    } else if (enter(step.node)) {
      stack.push({ node: step.node, leaving: true });
      pushChildren(step.node);
    }
  }
}

/** Whether an element keeps the words before and after it apart. */
function separatesWords(element: Element): boolean {
  return element.localName === "br" || CELL.has(element.localName) || BLOCK.has(element.localName);
}

/**
 * Turns a DOM subtree into body blocks of plain text: h1–h6 become headings, every other block
 * element (p, li, blockquote, pre, figcaption, ...) ends a paragraph. Only text nodes are read and
 * scripts, media and form controls are skipped, so no markup or code can reach a stored article.
 */
export function htmlTextBlocks(root: Node, options: HtmlTextBlocksOptions = {}): Block[] {
  const skipPageChrome = options.skipPageChrome ?? false;
  const blocks: Block[] = [];
  let pending = "";

  const push = (type: Block["type"], raw: string) => {
    const text = collapseWhitespace(raw);
    if (text.length > 0) blocks.push({ type, text });
  };
  const flush = () => {
    push("paragraph", pending);
    pending = "";
  };
  // Text of an element as one run, ignoring the block structure inside it (used for headings).
  const inlineText = (element: Element): string => {
    let text = "";
    walk(
      element,
      (node) => {
        if (node.nodeType === node.TEXT_NODE) text += node.textContent ?? "";
        if (!isElement(node) || isIgnored(node, skipPageChrome)) return false;
        if (separatesWords(node)) text += " ";
        return true;
      },
      (left) => {
        if (separatesWords(left)) text += " ";
      },
    );
    return text;
  };

  walk(
    root,
    (node) => {
      if (node.nodeType === node.TEXT_NODE) pending += node.textContent ?? "";
      if (!isElement(node) || isIgnored(node, skipPageChrome)) return false;
      const tag = node.localName;
      if (HEADING.test(tag)) {
        flush();
        push("heading", inlineText(node));
        return false;
      }
      if (tag === "br" || CELL.has(tag)) pending += " ";
      else if (BLOCK.has(tag)) flush();
      return true;
    },
    (element) => {
      if (CELL.has(element.localName)) pending += " ";
      else if (BLOCK.has(element.localName)) flush();
    },
  );
  flush();
  return blocks;
}
