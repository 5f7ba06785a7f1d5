import { parseCommentMarkup, type Block, type Inline } from "./comment-markup.ts";

/** Whether a link's text already says where it goes ("https://a.example" for https://a.example/). */
function showsItsAddress(text: string, href: string): boolean {
  const bare = (value: string) => value.replace(/^(?:https?:\/\/|mailto:)/i, "").replace(/\/$/, "").toLowerCase();
  return bare(text) === bare(href);
}

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
      case "link": {
        const label = inlinesToText(node.children);
        text += showsItsAddress(label, node.href) ? label : `${label} (${node.href})`;
        break;
      }
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

/**
 * The text of a comment without inline markup, for search, notifications, screen-reader
 * announcements and the export formats that have no rich text: mentions read "@Name", links
 * "text (url)" unless the text is the address, paragraphs are separated by a blank line, and
 * list items keep a "- " and quoted lines a "> ", as plain-text mail does.
 */
export function commentPlainText(body: string): string {
  return blocksToText(parseCommentMarkup(body));
}
