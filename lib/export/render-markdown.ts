import type { BlockContent, FootnoteDefinition, ListItem, PhrasingContent, Root, RootContent, Strong } from "mdast";
import { gfmToMarkdown } from "mdast-util-gfm";
import { toMarkdown } from "mdast-util-to-markdown";
import { segmentBlocks } from "@/lib/annotate/segments.ts";
import { formatDate, formatDateTime } from "@/lib/format-date.ts";
import { commentMdast } from "./comment-mdast.ts";
import { describeOptions } from "./describe-options.ts";
import type { ExportHighlight, ExportModel } from "./export-model.ts";
import { TAG_MARKS } from "./tag-marks.ts";
import { threadTree, type ThreadNode } from "./thread-tree.ts";

/*
 * Markdown has no highlight that GitHub and Obsidian both render, so a highlighted run is bold,
 * and each highlight starts with its tag's icon and a footnote reference numbered as in every
 * other format; its footnote holds the tag, the quote and the thread. The tree is serialized by
 * mdast-util-to-markdown, which escapes whatever a comment holds.
 */

const text = (value: string): PhrasingContent => ({ type: "text", value });

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
        strong.children.push(text(TAG_MARKS[highlight.tag].icon), { type: "footnoteReference", identifier: String(highlight.number), label: String(highlight.number) });
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
  const mark = TAG_MARKS[highlight.tag];
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
          { type: "paragraph", children: [text(`${TAG_MARKS[entry.tag].icon} ${entry.tagName}: ${entry.count}`)] },
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
  return toMarkdown(root, { extensions: [gfmToMarkdown()], bullet: "-", emphasis: "_", rule: "-" });
}
