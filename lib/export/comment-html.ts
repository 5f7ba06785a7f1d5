import { type Block, type Inline, parseCommentMarkup } from "@/lib/comments/comment-markup.ts";
import { safeHref } from "@/lib/comments/safe-href.ts";
import { escapeHtml } from "./escape-html.ts";

function inlineHtml(nodes: readonly Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case "text":
          return escapeHtml(node.value);
        case "break":
          return "<br>";
        case "strong":
          return `<strong>${inlineHtml(node.children)}</strong>`;
        case "emphasis":
          return `<em>${inlineHtml(node.children)}</em>`;
        case "code":
          return `<code>${escapeHtml(node.value)}</code>`;
        case "link": {
          // The parser only makes http(s) and mailto links; checked again because this file outlives the app.
          const href = safeHref(node.href);
          const label = inlineHtml(node.children);
          return href === null ? label : `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${label}</a>`;
        }
        case "mention":
          return `<span class="mention">@${escapeHtml(node.name)}</span>`;
      }
    })
    .join("");
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case "paragraph":
      return `<p>${inlineHtml(block.children)}</p>`;
    case "list":
      return `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join("")}</ul>`;
    case "blockquote":
      return `<blockquote>${block.children.map(blockHtml).join("")}</blockquote>`;
  }
}

/**
 * A comment body (light Markdown with @mentions) as inert HTML: every text escaped, links only
 * to http, https and mailto, no attribute but a checked href. Mentions show the name only.
 */
export function commentHtml(body: string): string {
  return parseCommentMarkup(body).map(blockHtml).join("");
}
