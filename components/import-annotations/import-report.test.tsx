import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ImportReport } from "./import-report.tsx";

const report = {
  format: "hypothesis" as const,
  dryRun: true,
  imported: 2,
  comments: 1,
  skipped: 1,
  skippedEntries: [{ sourceId: "h-note", reason: "A page note: it is about the whole page and quotes no text." }],
  orphaned: [{ exact: "<script>alert(1)</script>", reason: "The quote is not in this document's text, not even approximately." }],
  untagged: [],
};

describe("ImportReport", () => {
  it("says what a dry run would import and lists every orphan with its quote and reason, quotes as inert text", () => {
    const html = renderToStaticMarkup(<ImportReport report={report} />);
    expect(html).toContain("<strong>2 highlights</strong> will be imported, with 1 comment");
    expect(html).toContain("1 highlight has no place in this article");
    expect(html).toContain("<q>&lt;script&gt;alert(1)&lt;/script&gt;</q>");
    expect(html).toContain("not even approximately");
    expect(html).not.toContain("Tagged Context");
    // Headed by a labelled section, so screen readers can jump to it.
    expect(html).toMatch(/<section aria-labelledby="import-report-title"[^>]*><h3 id="import-report-title">What this file holds<\/h3>/);
  });

  it("speaks in the past tense once imported", () => {
    expect(renderToStaticMarkup(<ImportReport report={{ ...report, dryRun: false }} />)).toContain("<strong>2 highlights</strong> imported");
  });
});
