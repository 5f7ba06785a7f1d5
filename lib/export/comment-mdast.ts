import type { BlockContent, PhrasingContent } from "mdast";
import { type Block, type Inline, parseCommentMarkup } from "@/lib/comments/comment-markup.ts";
import { safeHref } from "@/lib/comments/safe-href.ts";

function phrasing(nodes: readonly Inline[]): PhrasingContent[] {
  return nodes.map((node): PhrasingContent => {
    switch (node.type) {
      case "text":
        return { type: "text", value: node.value };
      case "break":
        return { type: "break" };
      case "strong":
        return { type: "strong", children: phrasing(node.children) };
      case "emphasis":
        return { type: "emphasis", children: phrasing(node.children) };
      case "code":
        return { type: "inlineCode", value: node.value };
      case "link": {
        const url = safeHref(node.href);
        return url === null ? { type: "emphasis", children: phrasing(node.children) } : { type: "link", url, children: phrasing(node.children) };
      }
      case "mention":
        return { type: "strong", children: [{ type: "text", value: `@${node.name}` }] };
    }
  });
}

function block(node: Block): BlockContent {
  switch (node.type) {
    case "paragraph":
      return { type: "paragraph", children: phrasing(node.children) };
    case "list":
      return {
        type: "list",
        ordered: false,
        spread: false,
        children: node.items.map((item) => ({ type: "listItem", spread: false, children: [{ type: "paragraph", children: phrasing(item) }] })),
      };
    case "blockquote":
      return { type: "blockquote", children: node.children.map(block) };
  }
}

/** A comment body as mdast, so the Markdown serializer (not we) escapes it; links only http(s)/mailto. */
export function commentMdast(body: string): BlockContent[] {
  return parseCommentMarkup(body).map(block);
}
