import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commentPlainText } from "@/lib/comments/comment-plain-text.ts";
import { fixtureExportModel, HOSTILE_BODIES } from "./fixture-model.ts";
import { highlightMarker } from "./highlight-marker.ts";
import { renderPdf } from "./render-pdf.ts";

const poppler = spawnSync("pdftotext", ["-v"]).error === undefined;
const squash = (text: string) => text.replace(/\s+/g, " ").trim();
const RTL = /[\u0590-\u08FF]/;
/** Right-to-left words come back from pdftotext in visual order with bidi marks around them: compare those word by word. */
const words = (text: string) => text.replace(/[\u202A-\u202E]/g, "").split(/[\s:,.]+/).filter(Boolean);

describe("renderPdf", () => {
  const model = fixtureExportModel();
  let bytes: Uint8Array;
  let raw: string;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    bytes = await renderPdf(model);
    raw = Buffer.from(bytes).toString("latin1");
    dir = mkdtempSync(path.join(tmpdir(), "render-pdf-"));
    file = path.join(dir, "copy.pdf");
    writeFileSync(file, bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is a PDF with the title, author and language set, and no links or scripts anywhere", () => {
    expect(raw.startsWith("%PDF-")).toBe(true);
    expect(raw).toContain("/Lang (en)");
    for (const active of ["/URI", "/JavaScript", "/JS ", "/Launch", "/Annots"]) expect(raw).not.toContain(active);
  });

  describe.skipIf(!poppler)("read back with poppler (skipped: pdftotext is not installed; apt-get install poppler-utils)", () => {
    let text: string;
    beforeAll(() => {
      text = squash(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }));
    });

    it("prints the headline, source, author and publication date", () => {
      expect(text).toContain(squash(model.document.title));
      expect(text).toContain("RFI · Serge Daniel · 2023-11-15");
    });

    it("prints every quote, number marker and tag, accents and non-Latin scripts intact", () => {
      for (const h of model.highlights) {
        expect(text, `quote ${h.number}`).toContain(squash(h.exact));
        expect(text.split(squash(highlightMarker(h))).length - 1, `marker ${h.number}: in the text and in the notes`).toBeGreaterThanOrEqual(2);
      }
      for (const words of ["Assimi Goïta", "Ιστορική νίκη", "Историческая победа", "Jean-Étienne Müller", "Олег Петров"]) expect(text).toContain(words);
    });

    it("prints every comment of every thread as text, replies marked, resolved state stated", () => {
      for (const h of model.highlights) {
        for (const c of h.comments) {
          const body = squash(commentPlainText(c.body));
          if (RTL.test(body)) expect(words(text), c.id).toEqual(expect.arrayContaining(words(body)));
          else expect(text, c.id).toContain(body);
        }
      }
      expect(text).toContain("↳ Jean-Étienne Müller, replying to Amina Diallo");
      expect(text).toContain("Resolved by Amina Diallo on 2026-11-05 08:15 UTC");
      expect(text).toContain(HOSTILE_BODIES.script);
      expect(text).toContain(HOSTILE_BODIES.formula);
      expect(text).toContain("[click me](javascript:alert(1))");
    });

    it("prints the legend with counts and the provenance", () => {
      expect(text).toContain("P Propaganda 2 highlights");
      expect(text).toContain("Loaded language: 1");
      expect(text).toContain(`Content hash (SHA-256): ${model.document.contentHash}`);
      expect(text).toContain("Workspace: Lycée Molière — Éducation aux médias");
      expect(text).toContain("Exported by: Amina Diallo");
    });

    it("embeds its fonts and carries the metadata", () => {
      const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line).toMatch(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes yes/);
      const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
      expect(info).toMatch(/^Title:\s+The Malian armed forces/m);
      expect(info).toMatch(/^Author:\s+Serge Daniel/m);
    });
  });
});
