import JSZip from "jszip";
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { commentPlainText } from "@/lib/comments/comment-plain-text.ts";
import type { ExportModel } from "./export-model.ts";
import { fixtureExportModel, HOSTILE_BODIES } from "./fixture-model.ts";
import { renderDocx } from "./render-docx.ts";

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

type Parts = { document: Document; comments: Document; documentXml: string; commentsXml: string; files: string[] };

async function open(model: ExportModel): Promise<Parts> {
  const zip = await JSZip.loadAsync(await renderDocx(model));
  const read = (name: string) => zip.file(name)!.async("string");
  const [documentXml, commentsXml] = await Promise.all([read("word/document.xml"), read("word/comments.xml")]);
  const { DOMParser } = new JSDOM().window;
  const parse = (xml: string) => {
    const parsed = new DOMParser().parseFromString(xml, "application/xml");
    expect(parsed.getElementsByTagName("parsererror")).toHaveLength(0);
    return parsed;
  };
  return { document: parse(documentXml), comments: parse(commentsXml), documentXml, commentsXml, files: Object.keys(zip.files) };
}

/** A comment's paragraphs as text, one line per paragraph (line breaks inside a paragraph as "\n"). */
function paragraphsText(element: Element): string[] {
  return [...element.getElementsByTagNameNS(W, "p")].map((p) =>
    [...p.getElementsByTagNameNS(W, "r")].map((r) => [...r.childNodes].map((n) => (n.nodeName === "w:br" ? "\n" : n.nodeName === "w:t" ? n.textContent : "")).join("")).join(""),
  );
}

const ids = (doc: Document, tag: string) => [...doc.getElementsByTagNameNS(W, tag)].map((e) => Number(e.getAttributeNS(W, "id")));

describe("renderDocx", () => {
  const model = fixtureExportModel();
  let parts: Parts;
  beforeAll(async () => {
    parts = await open(model);
  });

  it("holds one Word comment per highlight, with its tag, sub-label, author and resolved state", () => {
    const comments = [...parts.comments.getElementsByTagNameNS(W, "comment")];
    expect(comments.map((c) => Number(c.getAttributeNS(W, "id"))).sort((a, b) => a - b)).toEqual(model.highlights.map((h) => h.number));
    for (const h of model.highlights) {
      const comment = comments.find((c) => Number(c.getAttributeNS(W, "id")) === h.number)!;
      expect(comment.getAttributeNS(W, "author")).toBe(h.author.name);
      const lines = paragraphsText(comment);
      expect(lines[0]).toBe(`[${h.number}\u00a0${h.tagName[0]}] ${h.tagName}${h.label ? ` › ${h.label.name}` : ""}`);
      expect(lines[1]).toContain(h.resolved ? `Resolved by ${h.resolvedBy!.name}` : "Open");
    }
  });

  it("puts the whole thread in the comment, each entry with its author and date, replies marked", () => {
    const emblematic = model.highlights.find((h) => h.id === "h-emblematic")!;
    const comment = [...parts.comments.getElementsByTagNameNS(W, "comment")].find((c) => Number(c.getAttributeNS(W, "id")) === emblematic.number)!;
    expect(paragraphsText(comment).slice(2)).toEqual([
      "Amina Diallo · 2026-11-02 10:15 UTC",
      "“Emblematic” is the junta’s own framing — loaded.",
      "↳ Jean-Étienne Müller, replying to Amina Diallo · 2026-11-02 11:15 UTC",
      "Agreed, @Amina Diallo. Compare the RFI wording.",
      "↳ Олег Петров, replying to Jean-Étienne Müller · 2026-11-02 12:15 UTC",
      "Согласен: пропагандистская лексика.",
      "Олег Петров · 2026-11-02 13:15 UTC",
      HOSTILE_BODIES.script,
    ]);
    const all = paragraphsText(parts.comments.documentElement).join("\n");
    for (const h of model.highlights) for (const c of h.comments) expect(all).toContain(commentPlainText(c.body));
  });

  it("anchors every comment on its passage: range start, end and reference, start before end", () => {
    for (const h of model.highlights) {
      expect(ids(parts.document, "commentRangeStart").filter((id) => id === h.number), `start ${h.number}`).toHaveLength(1);
      expect(ids(parts.document, "commentRangeEnd").filter((id) => id === h.number), `end ${h.number}`).toHaveLength(1);
      expect(ids(parts.document, "commentReference").filter((id) => id === h.number), `reference ${h.number}`).toHaveLength(1);
      const start = parts.documentXml.indexOf(`<w:commentRangeStart w:id="${h.number}"/>`);
      const end = parts.documentXml.indexOf(`<w:commentRangeEnd w:id="${h.number}"/>`);
      expect(start).toBeGreaterThan(0);
      expect(end).toBeGreaterThan(start);
      const marker = `[${h.number}\u00a0${h.tagName[0]}]`;
      const between = parts.documentXml.slice(start, end).replace(/<[^>]+>/g, "");
      expect(between.startsWith(marker), `marker ${h.number}`).toBe(true);
      expect(between.replace(/\[\d+\u00a0[PSC]\]/g, ""), `passage ${h.number}`).toBe(h.exact.replace("\n\n", ""));
    }
  });

  it("shades marked runs in their tag's colour and leaves the rest plain", () => {
    const shaded = [...parts.document.getElementsByTagNameNS(W, "shd")].map((s) => s.getAttributeNS(W, "fill"));
    expect(new Set(shaded)).toEqual(new Set(["f8bbd0", "bbdefb", "c8e6c9"]));
    const body = [...parts.document.getElementsByTagNameNS(W, "r")].find((r) => r.textContent?.includes("in the north of the country"))!;
    expect(body.getElementsByTagNameNS(W, "shd")).toHaveLength(0);
  });

  it("prints headline, source, legend and provenance", () => {
    const text = paragraphsText(parts.document.documentElement).join("\n");
    expect(text).toContain(model.document.title);
    expect(text).toContain("RFI · Serge Daniel · 2023-11-15");
    expect(text).toContain(" P  Propaganda — 2 highlights");
    expect(text).toContain("Loaded language: 1 — Words chosen to stir emotion rather than inform.");
    expect(text).toContain(`Content hash (SHA-256): ${model.document.contentHash}`);
    expect(text).toContain("Exported by: Amina Diallo");
  });

  it("keeps hostile comment bodies inert: no hyperlink, field or script, just their characters", async () => {
    for (const xml of [parts.documentXml, parts.commentsXml]) {
      expect(xml).not.toMatch(/<w:hyperlink|<w:fldSimple|<w:instrText|<w:fldChar/);
    }
    expect(parts.commentsXml).toContain("&lt;script&gt;");
    expect(paragraphsText(parts.comments.documentElement)).toContain(HOSTILE_BODIES.formula);
    expect(parts.files.some((f) => f.includes("vbaProject") || f.endsWith(".bin"))).toBe(false);
  });

  it("drops characters XML cannot hold instead of writing a file Word refuses", async () => {
    const base = fixtureExportModel();
    const [first, ...rest] = base.highlights;
    const hostile = { ...first!, comments: [{ ...base.highlights[1]!.comments[0]!, body: "bell\u0007 nul\u0000 half\uD800 surrogate" }] };
    const { comments } = await open({ ...base, highlights: [hostile, ...rest] });
    expect(paragraphsText(comments.documentElement)).toContain("bell nul half surrogate");
  });
});
