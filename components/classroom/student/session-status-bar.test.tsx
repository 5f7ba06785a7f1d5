import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnnotatedText } from "@/components/annotate/annotated-text.tsx";
import { segmentBlocks } from "@/lib/annotate/segments.ts";
import { SessionStatusBar, statusMessage } from "./session-status-bar.tsx";

const live = { locked: false, revealed: false, ended: false };

describe("the student's session status", () => {
  it("says what the student may do, the strongest state first", () => {
    expect(statusMessage("BLIND", live, false).text).toBe("Your highlights are private until your teacher reveals them.");
    expect(statusMessage("OPEN", live, true).text).toContain("your group see your highlights");
    expect(statusMessage("BLIND", { ...live, revealed: true }, false).label).toBe("Revealed");
    expect(statusMessage("BLIND", { ...live, revealed: true, locked: true }, false).label).toBe("Locked");
    expect(statusMessage("OPEN", { locked: true, revealed: true, ended: true }, false).label).toBe("Ended");
  });

  it("is a polite live region naming the student and their pseudonym", () => {
    const html = renderToStaticMarkup(<SessionStatusBar mode="BLIND" state={live} name="Awa" pseudonym="Reader 3" grouped={false} />);
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain("<strong>Awa</strong>; classmates see you as Reader 3.");
  });
});

describe("overlay highlights in the text", () => {
  it("carry their layer, so they are drawn and read apart from the reader's own", () => {
    const blocks = segmentBlocks([{ type: "paragraph", text: "one two three" }], [
      { id: "mine", start: 0, end: 3 },
      { id: "theirs", start: 4, end: 7 },
      { id: "key", start: 8, end: 13 },
    ]);
    const marks = new Map([
      ["mine", { tag: "propaganda" as const, resolved: false, start: 0 }],
      ["theirs", { tag: "sourcing" as const, resolved: false, start: 4, layer: "classmate" as const }],
      ["key", { tag: "context" as const, resolved: false, start: 8, layer: "key" as const }],
    ]);
    const html = renderToStaticMarkup(<AnnotatedText blocks={blocks} marks={marks} />);
    expect(html).toMatch(/data-annotation-id="mine" data-annotation-ids="mine" data-tag="propaganda" data-first/);
    expect(html).toMatch(/data-annotation-id="theirs"[^>]*data-layer="classmate"/);
    expect(html).toMatch(/data-annotation-id="key"[^>]*data-layer="key"/);
  });
});
