import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commentPlainText } from "@/lib/comments/comment-plain-text.ts";
import { fixtureExportModel } from "@/lib/export/fixture-model.ts";
import { renderDocx } from "@/lib/export/render-docx.ts";

const hasTool = (command: string, args: string[]) => spawnSync(command, args, { stdio: "ignore" }).error === undefined;
const ready = hasTool("soffice", ["--version"]) && hasTool("pdftotext", ["-v"]);
/** Writer leaves comments out of a PDF unless asked. */
const EXPORT_COMMENTS = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}';
const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/** LibreOffice writes each Word comment as a PDF text annotation; its /Contents is UTF-16BE in hex. */
function annotationTexts(pdf: Buffer): string[] {
  return [...pdf.toString("latin1").matchAll(/\/Contents\s*<FEFF([0-9A-Fa-f]*)>/g)].map((match) => {
    const bytes = Buffer.from(match[1]!, "hex");
    return bytes.swap16().toString("utf16le");
  });
}

describe.skipIf(!ready)("the Word copy opened by LibreOffice (skipped without soffice and pdftotext: apt-get install libreoffice-writer-nogui poppler-utils)", () => {
  const model = fixtureExportModel();
  let dir: string;
  let text: string;
  let notes: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "docx-libreoffice-"));
    const docx = path.join(dir, "copy.docx");
    writeFileSync(docx, await renderDocx(model));
    // A profile of its own, so a LibreOffice running elsewhere on the machine neither blocks nor shares this one.
    execFileSync(
      "soffice",
      [`-env:UserInstallation=${pathToFileURL(path.join(dir, "profile")).href}`, "--headless", "--convert-to", EXPORT_COMMENTS, "--outdir", dir, docx],
      { stdio: "ignore", timeout: 120_000 },
    );
    const pdf = path.join(dir, "copy.pdf");
    // pdftotext complains on stderr about the zero-size boxes LibreOffice gives comment icons; harmless.
    text = squash(execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    notes = annotationTexts(readFileSync(pdf));
  }, 150_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("shows the headline and every highlighted passage with its number", () => {
    expect(text).toContain(squash(model.document.title));
    for (const h of model.highlights) {
      expect(text).toContain(`[${h.number} ${h.tagName[0]}]`);
      // Markers sit in front of passages, so a nested highlight's marker interrupts the outer one.
      const unmarked = text.replace(/\[\d+ [PSC]\] ?/g, "");
      for (const part of h.exact.split("\n\n")) expect(unmarked, `highlight ${h.number}`).toContain(squash(part));
    }
  });

  it("reads every highlight's comment, with its tag and whole thread", () => {
    expect(notes).toHaveLength(model.highlights.length);
    for (const h of model.highlights) {
      const note = notes.find((n) => n.startsWith(`[${h.number}\u00a0`));
      expect(note, `comment ${h.number}`).toBeDefined();
      expect(note).toContain(h.tagName);
      for (const c of h.comments) expect(squash(note!)).toContain(squash(commentPlainText(c.body)));
    }
  });
});
