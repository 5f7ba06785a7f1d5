import { createHash } from "node:crypto";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { renderHtml } from "./render-html.ts";
import { HOSTILE_SCRIPT, sampleExportModel } from "./sample-export-model.ts";

async function open() {
  const html = await renderHtml(sampleExportModel());
  return { html, document: new JSDOM(html).window.document };
}

describe("renderHtml", () => {
  it("writes one self-contained file: inline CSS, no script to run, nothing fetched", async () => {
    const { html, document } = await open();
    expect([...document.querySelectorAll("script")].map((script) => script.type)).toEqual(["application/ld+json"]);
    expect(document.querySelectorAll("link, img, iframe, object, embed, [src]")).toHaveLength(0);
    expect(html).not.toMatch(/@import|url\(/);
    expect(document.documentElement.lang).toBe("en");
    expect(document.querySelector("h1")?.textContent).toBe("Kidal <retaken>");
    expect(document.querySelector(".byline")?.textContent).toBe("Example News · by A. Writer · 14 Nov 2026");
  });

  it("carries its own policy, opened as a file: nothing runs or loads, its one stylesheet by hash", async () => {
    const { document } = await open();
    const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "";
    expect(document.head.firstElementChild?.getAttribute("charset")).toBe("utf-8");
    expect(document.head.children[1]?.getAttribute("http-equiv")).toBe("Content-Security-Policy");
    expect(policy).toMatch(/^default-src 'none';/);
    expect(policy).not.toMatch(/script-src|unsafe/);
    const styles = [...document.querySelectorAll("style")];
    expect(styles).toHaveLength(1);
    const hash = createHash("sha256").update(styles[0]!.textContent ?? "").digest("base64");
    expect(policy).toContain(`style-src 'sha256-${hash}'`);
  });

  it("marks every highlight with its tag, icon and number, linked to its note and back", async () => {
    const { document } = await open();
    for (const number of [1, 2, 3]) {
      const marks = [...document.querySelectorAll(`mark[data-highlight="${number}"]`)];
      expect(marks.length).toBeGreaterThan(0);
      const anchor = document.getElementById(`mark-${number}`)!;
      const links = [...anchor.querySelectorAll("a")];
      expect(links.map((link) => link.getAttribute("href"))).toEqual([`#note-${number}`, `#endnote-${number}`]);
      expect(links[0]!.getAttribute("aria-label")).toMatch(new RegExp(`^Highlight ${number}, `));
      for (const id of [`note-${number}`, `endnote-${number}`]) {
        expect(document.getElementById(id)?.querySelector("a.back")?.getAttribute("href")).toBe(`#mark-${number}`);
      }
    }
    expect(document.getElementById("mark-1")!.textContent).toContain("⚑P1");
    expect(document.getElementById("mark-2")!.textContent).toContain("❝S2");
    expect(document.getElementById("mark-1")!.querySelector("a")!.getAttribute("aria-label")).toBe("Highlight 1, Propaganda: Loaded language: go to its note");
    // The overlap: "air resources" lies in highlights 1 and 2, the outer mark around the inner.
    const inner = document.querySelector('mark[data-highlight="1"] > mark[data-highlight="2"]');
    expect(inner?.textContent).toBe("air resources");
  });

  it("shows threads with replies nested, resolved state, legend counts and provenance", async () => {
    const { document } = await open();
    const note = document.getElementById("endnote-1")!;
    expect(note.querySelector(".thread > li > .thread > li .who")?.textContent).toContain("Awa Traoré");
    expect(document.getElementById("endnote-3")!.textContent).toContain("Resolved by Awa Traoré");
    const legend = document.querySelector(".legend")!.textContent!;
    expect(legend).toContain("Propaganda: 1 highlight");
    expect(legend).toContain("Loaded language: 1");
    const provenance = document.querySelector("footer")!.textContent!;
    expect(provenance).toContain("Class 3B");
    expect(provenance).toContain(`sha256:${"ab".repeat(32)}`);
    expect(provenance).toContain("Awa Traoré");
  });

  it("keeps a comment's <script>, javascript: link and formula inert text, and the JSON-LD inside its element", async () => {
    const { html, document } = await open();
    expect(document.querySelectorAll("script")).toHaveLength(1);
    expect([...document.querySelectorAll("a")].every((link) => !/^\s*javascript:/i.test(link.getAttribute("href") ?? ""))).toBe(true);
    expect(document.getElementById("endnote-1")!.textContent).toContain(HOSTILE_SCRIPT);
    expect(document.getElementById("endnote-1")!.textContent).toContain("[click me](javascript:alert(1))");
    expect(document.getElementById("endnote-1")!.textContent).toContain('=HYPERLINK("');
    expect(document.querySelector(".who")!.innerHTML).toContain("Ben &lt;b&gt;Old&lt;/b&gt;");
    const data = JSON.parse(document.querySelector('script[type="application/ld+json"]')!.textContent!) as { total: number; first: { items: { body: { value: string } }[] } };
    expect(data.total).toBe(6);
    expect(data.first.items.some((item) => !Array.isArray(item.body) && item.body.value.includes(HOSTILE_SCRIPT))).toBe(true);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it("shows margin notes on wide screens and endnotes when narrow or printed", async () => {
    const { html, document } = await open();
    expect(document.querySelector(".row .margin #note-1")).not.toBeNull();
    expect(document.querySelector(".endnotes #endnote-1")).not.toBeNull();
    expect(html).toMatch(/@media screen and \(min-width: 72rem\) \{[^@]*\.endnotes \{ display: none; \}/);
    expect(html).toMatch(/\.margin \{ display: none; \}/);
  });
});
