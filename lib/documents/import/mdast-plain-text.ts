import type { Nodes } from "mdast";

/** Tags after which words must stay apart ("one<br>two"); other tags just vanish. */
const SEPARATING_TAG = /^<\/?(?:br|p|div|li|ul|ol|tr|td|th|h[1-6]|hr|blockquote|pre|table|section|figure|figcaption)\b/i;
/** Elements whose content is never text. */
const HIDDEN_ELEMENT = /^<(script|style|textarea|template)\b/i;

/**
 * The words raw HTML shows a reader: comments, scripts and styles vanish with their content,
 * tags vanish (leaving a space where they separate words), text stays. Only plain text is
 * stored, so this needs to read naturally, not to be safe to render.
 */
function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
    .replace(/<(script|style|textarea|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, "")
    .replace(/<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/g, (tag) => (SEPARATING_TAG.test(tag) ? " " : ""));
}

/**
 * The text a reader sees in a Markdown node: links keep their text (an email autolink without
 * its "mailto:"), images and footnote markers disappear, code keeps its content, raw HTML is
 * reduced to its words, and line breaks become spaces. Whitespace is left to the caller.
 */
export function mdastPlainText(node: Nodes): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
    case "code":
      return node.value;
    case "html":
      return htmlText(node.value);
    case "break":
      return " ";
    case "image":
    case "imageReference":
    case "footnoteReference":
    case "definition":
    case "thematicBreak":
    case "yaml":
      return "";
    case "link": {
      const text = childrenText(node.children);
      return node.url.startsWith("mailto:") && text === node.url ? text.slice("mailto:".length) : text;
    }
    default:
      return "children" in node ? childrenText(node.children) : "";
  }
}

/**
 * Inline HTML arrives in pieces ("<script>", its text, "</script>"), so the content of an
 * element that is never text is skipped across siblings until its closing tag.
 */
function childrenText(children: readonly Nodes[]): string {
  let text = "";
  let hiddenUntil: RegExp | null = null;
  for (const child of children) {
    if (hiddenUntil) {
      if (child.type === "html" && hiddenUntil.test(child.value)) {
        text += htmlText(child.value.replace(hiddenUntil, ""));
        hiddenUntil = null;
      }
      continue;
    }
    const hidden = child.type === "html" ? HIDDEN_ELEMENT.exec(child.value)?.[1] : undefined;
    if (child.type === "html" && hidden && !new RegExp(`</${hidden}\\s*>`, "i").test(child.value)) {
      hiddenUntil = new RegExp(`^[\\s\\S]*?</${hidden}\\s*>`, "i");
      continue;
    }
    text += mdastPlainText(child);
  }
  return text;
}
