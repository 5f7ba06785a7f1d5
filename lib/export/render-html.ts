import { createHash } from "node:crypto";
import { segmentBlocks } from "@/lib/annotate/segments.ts";
import { safeHref } from "@/lib/comments/safe-href.ts";
import { formatDate, formatDateTime } from "@/lib/format-date.ts";
import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { commentHtml } from "./comment-html.ts";
import { escapeHtml } from "./escape-html.ts";
import type { ExportHighlight, ExportModel } from "./export-model.ts";
import { describeOptions } from "./describe-options.ts";
import { tagAppearance } from "./tag-appearance.ts";
import { threadTree, type ThreadNode } from "./thread-tree.ts";
import { toExportCollection } from "./to-export-collection.ts";

/*
 * One HTML file a student can open offline in five years: no script, no font, no image, nothing
 * fetched. Each thread is written twice, as a margin note beside its paragraph and as an
 * endnote, and CSS shows exactly one of them (margin on wide screens, endnotes when narrow or
 * printed); `display: none` also hides the other from screen readers and the tab order, and
 * each mark carries one link per copy, shown with it.
 */

const WIDE = "screen and (min-width: 72rem)";

/** One tag's colour, tint and line style as CSS custom properties. */
function tagRule(tag: Tag): string {
  const { color, cssTint, cssLine } = tagAppearance(tag);
  return `[data-tag="${tag}"] { --color: #${color}; --tint: ${cssTint}; --line: ${cssLine}; }`;
}

const CSS = `
:root { color-scheme: light; --text: #1d1d1f; --muted: #5c5f66; --rule: #e3e0d8; --accent: #0b5cad; --bg: #fbfaf7; }
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--text); font: 1.0625rem/1.6 Georgia, "Times New Roman", serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; padding: 2rem 1.25rem 4rem; max-width: 44rem; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid #d4590b; outline-offset: 2px; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2.5rem 0 .75rem; }
.byline, .meta, .provenance, .legend { font-family: system-ui, sans-serif; font-size: .9rem; color: var(--muted); }
.kicker { font-family: system-ui, sans-serif; font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 .25rem; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
mark { color: inherit; background: var(--tint); border-bottom: 2px var(--line) var(--color); padding: 0 1px; }
mark mark { background: var(--tint); }
${TAGS.map((tag) => tagRule(tag)).join("\n")}
.ref { font: 700 .7rem/1 system-ui, sans-serif; vertical-align: super; text-decoration: none; color: #fff; background: var(--color); border-radius: .6rem; padding: .1rem .35rem; margin: 0 .1rem; white-space: nowrap; }
.note { font-family: system-ui, sans-serif; font-size: .875rem; line-height: 1.45; border-left: 4px var(--line) var(--color); background: #fff; padding: .5rem .75rem; margin: 0 0 .75rem; break-inside: avoid; }
.note-head { margin: 0; font-weight: 600; }
.note-head .badge { color: var(--color); }
.note .back { font-weight: 700; margin-right: .35rem; }
.note blockquote.quote { margin: .35rem 0; padding-left: .6rem; border-left: 2px solid var(--rule); font-family: Georgia, serif; font-style: italic; }
.note .meta { margin: .15rem 0; font-size: .8rem; }
.thread, .thread ol { list-style: none; margin: .35rem 0 0; padding: 0; }
.thread ol { padding-left: .9rem; border-left: 2px solid var(--rule); }
.thread li { margin: .35rem 0; }
.thread .who { font-weight: 600; margin: 0; }
.thread p, .thread ul, .thread blockquote { margin: .15rem 0; }
.mention { font-weight: 600; }
.resolved { font-size: .75rem; font-weight: 600; text-transform: uppercase; color: var(--muted); }
.margin { display: none; }
.endnotes ol.notes { padding-left: 0; list-style: none; }
.legend ul { padding-left: 1.2rem; }
.legend h2, .provenance h2 { color: var(--text); font-family: Georgia, "Times New Roman", serif; }
.legend .swatch { display: inline-block; min-width: 1.6rem; text-align: center; color: #fff; background: var(--color); border-radius: .3rem; margin-right: .35rem; }
.provenance dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.provenance dt { font-weight: 600; }
.provenance dd { margin: 0; overflow-wrap: anywhere; }
.ref-margin { display: none; }
@media ${WIDE} {
  body { max-width: 72rem; }
  .row { display: grid; grid-template-columns: minmax(0, 44rem) 22rem; gap: 0 2.5rem; }
  .margin { display: block; }
  .endnotes { display: none; }
  .ref-margin { display: inline; }
  .ref-end { display: none; }
  header, .legend, .provenance { max-width: 44rem; }
}
@media print {
  html { background: #fff; font-size: 11pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; }
  .endnotes { break-before: page; }
}
`;

/**
 * The copy's own policy, for when it is opened as a file, where no server sends one: nothing
 * runs or loads, and the one stylesheet is allowed by its hash (the JSON-LD block is data,
 * which no policy blocks). A meta policy cannot sandbox or forbid framing: the server's
 * header does that when the copy is served (lib/http/security-headers.ts).
 */
const COPY_POLICY = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(CSS).digest("base64")}'; base-uri 'none'; form-action 'none'`;

const personName = (person: { name: string } | null) => escapeHtml(person?.name ?? "an anonymous reader");

function describe(highlight: ExportHighlight): string {
  return `${highlight.tagName}${highlight.label ? `: ${highlight.label.name}` : ""}`;
}

/** The text with nested marks; before each highlight, its numbered badge linking to its note. */
function articleBody(model: ExportModel, notesByBlock: Map<number, ExportHighlight[]>, bodies: ReadonlyMap<string, string>): string {
  const byId = new Map(model.highlights.map((highlight) => [highlight.id, highlight]));
  const blocks = segmentBlocks(
    model.document.blocks,
    model.highlights.map(({ id, start, end }) => ({ id, start, end })),
  );
  return blocks
    .map((block) => {
      let html = "";
      for (const segment of block.segments) {
        const covering = segment.ids.map((id) => byId.get(id)!);
        for (const highlight of covering) {
          if (highlight.start !== segment.start) continue;
          const mark = tagAppearance(highlight.tag);
          const label = `Highlight ${highlight.number}, ${describe(highlight)}`;
          html +=
            `<span id="mark-${highlight.number}" data-tag="${highlight.tag}">` +
            `<a class="ref ref-margin" href="#note-${highlight.number}" aria-label="${escapeHtml(label)}: go to its note">${mark.icon}${mark.letter}${highlight.number}</a>` +
            `<a class="ref ref-end" href="#endnote-${highlight.number}" aria-label="${escapeHtml(label)}: go to its note">${mark.icon}${mark.letter}${highlight.number}</a>` +
            `</span>`;
        }
        let text = escapeHtml(segment.text);
        for (const highlight of [...covering].reverse()) {
          text = `<mark data-tag="${highlight.tag}" data-highlight="${highlight.number}">${text}</mark>`;
        }
        html += text;
        for (const highlight of covering) {
          if (highlight.end === segment.end) html += `<span class="sr"> (end of highlight ${highlight.number})</span>`;
        }
      }
      const tag = block.type === "heading" ? "h2" : "p";
      const notes = notesByBlock.get(block.index) ?? [];
      const margin = notes.length > 0 ? `<div class="margin">${notes.map((highlight) => note(highlight, bodies.get(highlight.id)!, "note", "div")).join("")}</div>` : "";
      return `<div class="row"><${tag}>${html}</${tag}>${margin}</div>`;
    })
    .join("\n");
}

function threadHtml(nodes: readonly ThreadNode[]): string {
  if (nodes.length === 0) return "";
  return `<ol class="thread">${nodes
    .map(
      ({ comment, replies }) =>
        `<li><p class="who">${escapeHtml(comment.author.name)} <span class="meta">· <time datetime="${comment.createdAt.toISOString()}">${formatDateTime(comment.createdAt)}</time></span></p>${commentHtml(comment.body)}${threadHtml(replies)}</li>`,
    )
    .join("")}</ol>`;
}

/** A note's content, the same in the margin and in the endnotes: rendered once, wrapped twice. */
function noteBody(highlight: ExportHighlight): string {
  const mark = tagAppearance(highlight.tag);
  const resolved = highlight.resolved
    ? ` <span class="resolved">Resolved${highlight.resolvedBy ? ` by ${escapeHtml(highlight.resolvedBy.name)}` : ""}</span>`
    : "";
  return (
    `<span class="badge"><span aria-hidden="true">${mark.icon} </span>${escapeHtml(highlight.tagName)}</span>${highlight.label ? `: ${escapeHtml(highlight.label.name)}` : ""}${resolved}</p>` +
    `<blockquote class="quote">“${escapeHtml(highlight.exact)}”</blockquote>` +
    `<p class="meta">Highlighted by ${escapeHtml(highlight.author.name)} · <time datetime="${highlight.createdAt.toISOString()}">${formatDateTime(highlight.createdAt)}</time></p>` +
    threadHtml(threadTree(highlight.comments))
  );
}

function note(highlight: ExportHighlight, body: string, prefix: "note" | "endnote", element: "div" | "li"): string {
  return (
    `<${element} class="note" id="${prefix}-${highlight.number}" data-tag="${highlight.tag}">` +
    `<p class="note-head"><a class="back" href="#mark-${highlight.number}" aria-label="Back to highlight ${highlight.number} in the text">${highlight.number}</a>` +
    body +
    `</${element}>`
  );
}

function legend(model: ExportModel): string {
  const items = model.legend
    .map((entry) => {
      const mark = tagAppearance(entry.tag);
      const labels = entry.labels
        .map(({ label, count }) => `<li>${label ? escapeHtml(label.name) : "No sub-label"}: ${count}</li>`)
        .join("");
      return `<li data-tag="${entry.tag}"><span class="swatch" aria-hidden="true">${mark.icon}${mark.letter}</span>${escapeHtml(entry.tagName)}: ${entry.count} ${entry.count === 1 ? "highlight" : "highlights"}${labels ? `<ul>${labels}</ul>` : ""}</li>`;
    })
    .join("");
  return `<section class="legend" aria-labelledby="legend-title"><h2 id="legend-title">Legend</h2><p>Each highlight is tinted in its tag’s colour, underlined in its tag’s line style, and numbered after its tag’s icon and letter.</p><ul>${items}</ul></section>`;
}

function provenance(model: ExportModel): string {
  const { document, workspace, provenance: about } = model;
  const comments = model.highlights.reduce((sum, highlight) => sum + highlight.comments.length, 0);
  const rows: [string, string][] = [
    ["Article", `<a href="${escapeHtml(safeHref(document.url) ?? "#")}">${escapeHtml(document.url)}</a>`],
    ["Workspace", workspace ? escapeHtml(workspace.name) : "Public demo"],
    ["Version", `<code>sha256:${escapeHtml(document.contentHash)}</code> (document ${escapeHtml(document.id)})`],
    ...(document.previousVersionId ? ([["Replaces version", escapeHtml(document.previousVersionId)]] as [string, string][]) : []),
    ["Exported by", personName(about.exportedBy)],
    ["Exported at", `<time datetime="${about.exportedAt.toISOString()}">${formatDateTime(about.exportedAt)}</time>`],
    ["Included", escapeHtml(describeOptions(about.options))],
    ["Contents", `${model.highlights.length} highlights, ${comments} comments`],
  ];
  return `<footer class="provenance" aria-labelledby="provenance-title"><h2 id="provenance-title">About this copy</h2><dl>${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join("")}</dl><p>Exported from Marginalia. The annotations are embedded in this file as W3C Web Annotations (JSON-LD).</p></footer>`;
}

/** The JSON-LD inside a script element: `<` escaped so no comment can close the element. */
function embeddedJsonLd(model: ExportModel): string {
  const json = JSON.stringify(toExportCollection(model)).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `<script type="application/ld+json">${json}</script>`;
}

/** The annotated copy as one self-contained HTML file. */
export async function renderHtml(model: ExportModel): Promise<string> {
  const { document } = model;
  const blockOf = new Map<number, ExportHighlight[]>();
  const blocks = segmentBlocks(document.blocks, []);
  let index = 0;
  for (const highlight of model.highlights) {
    // Highlights come in reading order, so the block a note sits beside only moves forward.
    while (index + 1 < blocks.length && blocks[index + 1]!.start <= highlight.start) index += 1;
    const notes = blockOf.get(index);
    if (notes) notes.push(highlight);
    else blockOf.set(index, [highlight]);
  }
  const byline = [
    escapeHtml(document.source),
    document.author ? `by ${escapeHtml(document.author)}` : null,
    document.publishedAt ? `<time datetime="${document.publishedAt.toISOString()}">${formatDate(document.publishedAt)}</time>` : null,
  ].filter((part) => part !== null);
  const bodies = new Map(model.highlights.map((highlight) => [highlight.id, noteBody(highlight)]));
  const endnotes = model.highlights.map((highlight) => note(highlight, bodies.get(highlight.id)!, "endnote", "li")).join("");
  return `<!doctype html>
<html lang="${escapeHtml(document.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${COPY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Marginalia">
<title>${escapeHtml(document.title)} — annotated copy</title>
<style>${CSS}</style>
${embeddedJsonLd(model)}
</head>
<body>
<header>
<p class="kicker">Annotated copy · ${model.highlights.length} highlights</p>
<h1>${escapeHtml(document.title)}</h1>
<p class="byline">${byline.join(" · ")}</p>
</header>
<main>
<article aria-labelledby="article-title">
<h2 id="article-title" class="sr">Article text with highlights</h2>
${articleBody(model, blockOf, bodies)}
</article>
<section class="endnotes" aria-labelledby="notes-title">
<h2 id="notes-title">Notes</h2>
<ol class="notes">${endnotes}</ol>
</section>
${legend(model)}
</main>
${provenance(model)}
</body>
</html>
`;
}
