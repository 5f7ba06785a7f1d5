import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { annotationSchema, commentSchema } from "@/lib/realtime/doc-schema.ts";
import { annotationFixture, commentFixture } from "@/lib/realtime/record-fixtures.ts";
import { carriedId, planCarryOver } from "./carry-annotations.ts";
import { codePointLength } from "./code-points.ts";
import { reanchor } from "./reanchor.ts";
import { textQuoteAnchor } from "./text-quote-anchor.ts";

const before = "🎉 Officially, it is a “tactical” withdrawal to avoid urban fighting. The junta called it a victory. Kidal fell on Tuesday.";
const after = "Update 🚨: Officially, it is a “tactical” withdrawal to avoid urban fighting. Officials confirmed that Kidal fell on Tuesday.";

function anchorOn(text: string, quote: string) {
  const start = codePointLength(text.slice(0, text.indexOf(quote)));
  return textQuoteAnchor(text, start, start + codePointLength(quote));
}

describe("planCarryOver", () => {
  const documentId = randomUUID();
  const tactical = annotationFixture({ ...anchorOn(before, "“tactical” withdrawal"), resolved: true, resolvedBy: "someone", resolvedAt: Date.UTC(2023, 10, 16) });
  const victory = annotationFixture({ ...anchorOn(before, "The junta called it a victory"), tag: "context", technique: null });
  const kidal = annotationFixture({ ...anchorOn(before, "Kidal fell on Tuesday"), tag: "sourcing", technique: null });
  const question = commentFixture(tactical.id);
  const reply = commentFixture(tactical.id, { parentId: question.id, body: "The army's own word." });
  const removed = commentFixture(tactical.id, { parentId: question.id, body: "", deleted: true });
  const onVictory = commentFixture(victory.id);
  const previous = { annotations: [tactical, victory, kidal], comments: [question, reply, removed, onVictory] };

  it("moves placed annotations to their new place under new ids, with quote and context read from the new text", () => {
    const { change, orphans } = planCarryOver(previous, after, documentId);
    expect(orphans).toEqual([victory]);
    expect(change.annotations).toEqual([
      { ...tactical, id: carriedId(documentId, tactical.id), ...anchorOn(after, "“tactical” withdrawal") },
      { ...kidal, id: carriedId(documentId, kidal.id), ...anchorOn(after, "Kidal fell on Tuesday") },
    ]);
    for (const record of change.annotations) expect(annotationSchema.safeParse(record).success).toBe(true);
    expect(change.annotations[1]!.suffix).toBe(".");
  });

  it("carries the placed annotations' threads with new ids and replies still under their parent", () => {
    const { change } = planCarryOver(previous, after, documentId);
    const newQuestionId = carriedId(documentId, question.id);
    expect(change.comments).toEqual([
      { ...question, id: newQuestionId, annotationId: carriedId(documentId, tactical.id) },
      { ...reply, id: carriedId(documentId, reply.id), annotationId: carriedId(documentId, tactical.id), parentId: newQuestionId },
      { ...removed, id: carriedId(documentId, removed.id), annotationId: carriedId(documentId, tactical.id), parentId: newQuestionId },
    ]);
    for (const record of change.comments) expect(commentSchema.safeParse(record).success).toBe(true);
  });

  it("makes the same ids every time for one version, and different ones for another", () => {
    const again = planCarryOver(previous, after, documentId);
    expect(again).toEqual(planCarryOver(previous, after, documentId));
    const other = planCarryOver(previous, after, randomUUID());
    expect(other.change.annotations.map((record) => record.id)).not.toEqual(again.change.annotations.map((record) => record.id));
    expect(carriedId(documentId, tactical.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(carriedId(documentId, tactical.id)).not.toBe(tactical.id);
  });

  it("orphans an annotation whose new quote would be longer than the schema allows", () => {
    const long = Array.from({ length: 600 }, (_, index) => `line ${index}.`).join(" ").slice(0, 4_995);
    const record = annotationFixture(anchorOn(`Intro. ${long} Outro.`, long));
    const grown = `Intro. ${long.replace("line 250.", "line 250 (updated).")} Outro.`;
    expect(long).toHaveLength(4_995);
    expect(reanchor(record, grown)).toEqual({ start: record.start, end: record.end + 10 });
    const { change, orphans } = planCarryOver({ annotations: [record], comments: [] }, grown, documentId);
    expect(change.annotations).toEqual([]);
    expect(orphans).toEqual([record]);
  });
});
