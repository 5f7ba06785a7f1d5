import type { BlockContent, FootnoteDefinition, ListItem, Nodes, PhrasingContent, Root, RootContent, Strong, Text } from "mdast";
import { gfmToMarkdown } from "mdast-util-gfm";
import { defaultHandlers, type Handle, toMarkdown } from "mdast-util-to-markdown";
import { segmentBlocks } from "@/lib/annotate/segments.ts";
import { formatDate, formatDateTime } from "@/lib/format-date.ts";
import { commentMdast } from "./comment-mdast.ts";
import { describeOptions } from "./describe-options.ts";
import type { ExportHighlight, ExportModel } from "./export-model.ts";
import { tagAppearance } from "./tag-appearance.ts";
import { threadTree, type ThreadNode } from "./thread-tree.ts";

/*
 * Markdown has no highlight that GitHub and Obsidian both render, so a highlighted run is bold,
 * and each highlight starts with its tag's icon and a footnote reference numbered as in every
 * other format; its footnote holds the tag, the quote and the thread. The tree is serialized by
 * mdast-util-to-markdown, which escapes whatever a comment holds.
 */

const text = (value: string): PhrasingContent => ({ type: "text", value });

/**
 * Joins text nodes that stand side by side anywhere in `node` (a highlight's icon after the text
 * before it, segments of overlapping highlights), so no text is the next sibling of a text: see
 * `textAfterAnything`.
 */
function joinAdjacentText(node: Nodes): void {
  if (!("children" in node)) return;
  const joined: Nodes[] = [];
  for (const child of node.children) {
    const last = joined.at(-1);
    if (child.type === "text" && last?.type === "text") last.value += child.value;
    else {
      joinAdjacentText(child);
      joined.push(child);
    }
  }
  node.children = joined as typeof node.children;
}

/*
 * Why the text handler gets a peek. To serialize a phrasing node, mdast-util-to-markdown first
 * serializes its next sibling in full only to read that sibling's first character, and a text
 * node has no cheap `peek`, so every text that follows another node was escaped twice (each
 * escape checks ~90 unsafe patterns against the construct stack; skipping the second escape cut
 * this export by a quarter at 2,000 highlights and 2,000 comments, see docs/exports.md). That first character only changes the escaping of a preceding
 * text node (strong, emphasis, footnote references, links, code and breaks ignore it), and
 * `joinAdjacentText` ensures no text precedes a text here, so the raw value answers the same.
 * The library still escapes every text, once, in its own context.
 */
const textAfterAnything: Handle = Object.assign((...args: Parameters<Handle>) => defaultHandlers.text(...args), {
  peek: (node: Text) => node.value,
});

function articleBlocks(model: ExportModel): RootContent[] {
  const byId = new Map(model.highlights.map((highlight) => [highlight.id, highlight]));
  return segmentBlocks(
    model.document.blocks,
    model.highlights.map(({ id, start, end }) => ({ id, start, end })),
  ).map((block) => {
    const children: PhrasingContent[] = [];
    let strong: Strong | null = null;
    for (const segment of block.segments) {
      if (segment.ids.length === 0) {
        strong = null;
        children.push(text(segment.text));
        continue;
      }
      if (!strong) {
        strong = { type: "strong", children: [] };
        children.push(strong);
      }
      for (const id of segment.ids) {
        const highlight = byId.get(id)!;
        if (highlight.start !== segment.start) continue;
        strong.children.push(text(tagAppearance(highlight.tag).icon), { type: "footnoteReference", identifier: String(highlight.number), label: String(highlight.number) });
      }
      strong.children.push(text(segment.text));
    }
    return block.type === "heading" ? { type: "heading", depth: 2, children } : { type: "paragraph", children };
  });
}

function thread(nodes: readonly ThreadNode[]): BlockContent {
  return {
    type: "list",
    ordered: false,
    spread: false,
    children: nodes.map(
      ({ comment, replies }): ListItem => ({
        type: "listItem",
        spread: false,
        children: [
          { type: "paragraph", children: [{ type: "strong", children: [text(comment.author.name)] }, text(` · ${formatDateTime(comment.createdAt)}`)] },
          ...commentMdast(comment.body),
          ...(replies.length > 0 ? [thread(replies)] : []),
        ],
      }),
    ),
  };
}

function footnote(highlight: ExportHighlight): FootnoteDefinition {
  const mark = tagAppearance(highlight.tag);
  const heading = `${mark.icon} ${highlight.tagName}${highlight.label ? `: ${highlight.label.name}` : ""}`;
  const resolved = highlight.resolved ? ` Resolved${highlight.resolvedBy ? ` by ${highlight.resolvedBy.name}` : ""}.` : "";
  const tree = threadTree(highlight.comments);
  return {
    type: "footnoteDefinition",
    identifier: String(highlight.number),
    label: String(highlight.number),
    children: [
      {
        type: "paragraph",
        children: [{ type: "strong", children: [text(heading)] }, text(` — highlighted by ${highlight.author.name}, ${formatDateTime(highlight.createdAt)}.${resolved}`)],
      },
      { type: "blockquote", children: [{ type: "paragraph", children: [text(highlight.exact)] }] },
      ...(tree.length > 0 ? [thread(tree)] : []),
    ],
  };
}

function legend(model: ExportModel): RootContent[] {
  return [
    { type: "heading", depth: 2, children: [text("Legend")] },
    {
      type: "list",
      ordered: false,
      spread: false,
      children: model.legend.map((entry) => ({
        type: "listItem",
        spread: false,
        children: [
          { type: "paragraph", children: [text(`${tagAppearance(entry.tag).icon} ${entry.tagName}: ${entry.count}`)] },
          ...(entry.labels.length > 0
            ? [
                {
                  type: "list" as const,
                  ordered: false,
                  spread: false,
                  children: entry.labels.map(({ label, count }) => ({
                    type: "listItem" as const,
                    spread: false,
                    children: [{ type: "paragraph" as const, children: [text(`${label?.name ?? "No sub-label"}: ${count}`)] }],
                  })),
                },
              ]
            : []),
        ],
      })),
    },
  ];
}

function provenance(model: ExportModel): RootContent[] {
  const { document, workspace, provenance: about } = model;
  const rows: [string, PhrasingContent[]][] = [
    ["Article", [{ type: "link", url: document.url, children: [text(document.url)] }]],
    ["Workspace", [text(workspace?.name ?? "Public demo")]],
    ["Version", [{ type: "inlineCode", value: `sha256:${document.contentHash}` }]],
    ["Exported by", [text(about.exportedBy?.name ?? "an anonymous reader")]],
    ["Exported at", [text(formatDateTime(about.exportedAt))]],
    ["Included", [text(describeOptions(about.options))]],
  ];
  return [
    { type: "heading", depth: 2, children: [text("About this copy")] },
    {
      type: "list",
      ordered: false,
      spread: false,
      children: rows.map(([term, value]) => ({
        type: "listItem",
        spread: false,
        children: [{ type: "paragraph", children: [{ type: "strong", children: [text(`${term}:`)] }, text(" "), ...value] }],
      })),
    },
  ];
}

/** The annotated copy as GitHub-flavoured Markdown with footnotes. */
export async function renderMarkdown(model: ExportModel): Promise<string> {
  const { document } = model;
  const byline = [document.source, document.author ? `by ${document.author}` : null, document.publishedAt ? formatDate(document.publishedAt) : null]
    .filter((part) => part !== null)
    .join(" · ");
  const root: Root = {
    type: "root",
    children: [
      { type: "heading", depth: 1, children: [text(document.title)] },
      { type: "paragraph", children: [{ type: "emphasis", children: [text(byline)] }] },
      ...articleBlocks(model),
      { type: "thematicBreak" },
      ...legend(model),
      ...provenance(model),
      ...model.highlights.map(footnote),
    ],
  };
  joinAdjacentText(root);
  return toMarkdown(root, { extensions: [gfmToMarkdown()], handlers: { text: textAfterAnything }, bullet: "-", emphasis: "_", rule: "-" });
}
