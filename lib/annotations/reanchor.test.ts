import { describe, expect, it } from "vitest";
import { codePointLength, sliceCodePoints } from "./code-points.ts";
import { reanchor, reanchorAll, type QuoteAnchor } from "./reanchor.ts";
import { textQuoteAnchor } from "./text-quote-anchor.ts";

const paragraphs: [string, string, string, string] = [
  "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal in the north of the country. A strategic point under the control of the Tuareg rebellion for many years.",
  "This is the most emblematic feat of arms of Colonel Assimi Goïta, the leader of the junta, since he came to power in May 2021. Kidal is the historic stronghold of the Tuareg rebellion movements.",
  "No figures but, according to several sources, Malian soldiers suffered fairly significant losses until they managed to seize Kidal airport. Officially, it is a “tactical” withdrawal to avoid urban fighting.",
  "Yesterday, members of the National Transitional Council, who came to celebrate this victory on Independence Square in Bamako, gave a triumphalist speech about the army.",
];
const original = paragraphs.join("\n\n");

/** The anchor an annotation on the `occurrence`-th `quote` in `text` would store. */
function anchorOn(text: string, quote: string, occurrence = 0): QuoteAnchor {
  let unit = -1;
  for (let seen = 0; seen <= occurrence; seen += 1) unit = text.indexOf(quote, unit + 1);
  if (unit === -1) throw new Error(`"${quote}" is not in the text`);
  const start = codePointLength(text.slice(0, unit));
  return textQuoteAnchor(text, start, start + codePointLength(quote));
}

/** Where `quote` (occurrence `occurrence`) is in `text`, in code points. */
function placeOf(text: string, quote: string, occurrence = 0) {
  const { start, end } = anchorOn(text, quote, occurrence);
  return { start, end };
}

describe("reanchor", () => {
  it("keeps every annotation where it was when the text did not change, first and last words included", () => {
    for (const quote of ["The ruling junta", "Kidal airport", "about the army.", "Tuareg rebellion"]) {
      const anchor = anchorOn(original, quote);
      expect(reanchor(anchor, original)).toEqual({ start: anchor.start, end: anchor.end });
    }
    expect(reanchor(anchorOn(original, "Tuareg rebellion", 1), original)).toEqual(placeOf(original, "Tuareg rebellion", 1));
  });

  it("shifts annotations by the length of text inserted before them", () => {
    const inserted = "Editor’s note: this article was updated on Wednesday.";
    const revised = `${inserted}\n\n${original}`;
    const shift = codePointLength(inserted) + 2;
    for (const quote of ["The ruling junta", "Kidal airport", "“tactical” withdrawal"]) {
      const anchor = anchorOn(original, quote);
      expect(reanchor(anchor, revised)).toEqual({ start: anchor.start + shift, end: anchor.end + shift });
    }
  });

  it("follows a quote whose typo was fixed, covering the corrected words", () => {
    const typo = original.replace("fairly significant losses", "fairly signficant loses");
    const anchor = anchorOn(typo, "suffered fairly signficant loses until");
    const placement = reanchor(anchor, original);
    expect(placement).not.toBeNull();
    expect(sliceCodePoints(original, placement!.start, placement!.end)).toBe("suffered fairly significant losses until");
  });

  it("follows a quote whose context was rewritten as long as the quote itself survives with its other side", () => {
    const revised = original.replace("No figures but, according to several sources,", "Casualty numbers are unknown, but");
    const placement = reanchor(anchorOn(original, "Malian soldiers suffered"), revised);
    expect(placement).toEqual(placeOf(revised, "Malian soldiers suffered"));
  });

  it("prefers the edited passage with its context to the same words verbatim in another sentence", () => {
    const revised = `${original.replace("seize Kidal airport.", "seize Kidal’s airport.")}\n\nBy Friday the army had managed to seize Kidal airport again.`;
    const placement = reanchor(anchorOn(original, "Kidal airport"), revised);
    expect(placement).toEqual(placeOf(revised, "Kidal’s airport"));
  });

  it("orphans a quote whose sentence was deleted, even when its words survive elsewhere", () => {
    const revised = original.replace(" Kidal is the historic stronghold of the Tuareg rebellion movements.", "");
    expect(revised).toContain("Kidal");
    expect(revised).toContain("Tuareg rebellion");
    expect(reanchor(anchorOn(original, "historic stronghold"), revised)).toBeNull();
    expect(reanchor(anchorOn(original, "Kidal", 1), revised)).toBeNull();
    expect(reanchor(anchorOn(original, "Tuareg rebellion", 1), revised)).toBeNull();
  });

  it("orphans a quote that was rewritten beyond recognition", () => {
    const revised = original.replace("a triumphalist speech", "a speech that many found boastful");
    expect(reanchor(anchorOn(original, "gave a triumphalist speech"), revised)).toBeNull();
  });

  it("picks the occurrence of a repeated quote whose context matches, after the text moved", () => {
    const revised = `Update: clarified the timeline.\n\n${original}`;
    for (const occurrence of [0, 1]) {
      const anchor = anchorOn(original, "Tuareg rebellion", occurrence);
      expect(reanchor(anchor, revised)).toEqual(placeOf(revised, "Tuareg rebellion", occurrence));
    }
    for (const occurrence of [0, 1, 2]) {
      const anchor = anchorOn(original, "Kidal", occurrence);
      expect(reanchor(anchor, revised)).toEqual(placeOf(revised, "Kidal", occurrence));
    }
  });

  it("picks the repeated quote by context even when the old position points at the other one", () => {
    const text = "Alpha said the deal was dead on arrival. Beta said nothing. Gamma said the deal was dead again.";
    const anchor = { ...anchorOn(text, "the deal was dead", 1), start: 11, end: 28 };
    expect(reanchor(anchor, text)).toEqual(placeOf(text, "the deal was dead", 1));
  });

  it("refuses to choose between two equally good approximate matches", () => {
    const before = "The session opened late in the evening.";
    const after = "Reporters waited outside until dawn.";
    const sentence = "The committee approved the budget on Tuesday after a long night.";
    const anchor = anchorOn(`${before}\n\n${sentence}\n\n${after}`, "committee approved the budget on Tuesday");
    const edited = `${before}\n\n${sentence.replace("Tuesday", "Thursday")}\n\n${after}`;
    expect(reanchor(anchor, edited)).toEqual(placeOf(edited, "committee approved the budget on Thursday"));
    // The edited passage twice, with the same context: either could be the one that was marked.
    expect(reanchor(anchor, `${edited}\n\n${edited}`)).toBeNull();
  });

  it("counts code points, not UTF-16 units, around emoji and other astral characters", () => {
    const text = "🇲🇱 Kidal 🎉 retaken: “𝒯actical” withdrawal, say rebels 😀.";
    const anchor = anchorOn(text, "“𝒯actical” withdrawal");
    expect(anchor.start).toBe(20); // 3 astral code points before it: UTF-16 index 23
    expect(reanchor(anchor, text)).toEqual({ start: anchor.start, end: anchor.end });

    const revised = `🚨🚨 ${text}`;
    const placement = reanchor(anchor, revised);
    expect(placement).toEqual({ start: anchor.start + 3, end: anchor.end + 3 });
    expect(sliceCodePoints(revised, placement!.start, placement!.end)).toBe("“𝒯actical” withdrawal");

    // Fuzzy path through astral characters: the emoji inside the quote changed.
    const fuzzyAnchor = anchorOn(text, "withdrawal, say rebels 😀");
    const changed = `🚨 ${text.replace("rebels 😀", "rebels 😢")}`;
    const fuzzy = reanchor(fuzzyAnchor, changed);
    expect(fuzzy).not.toBeNull();
    expect(sliceCodePoints(changed, fuzzy!.start, fuzzy!.end)).toBe("withdrawal, say rebels 😢");
  });

  it("does not mistake an astral character the text lacks for one it has", () => {
    const anchor = { start: 6, end: 7, exact: "😀", prefix: "Kidal ", suffix: " retaken" };
    expect(reanchor(anchor, "Kidal 😢 retaken")).toBeNull();
    expect(reanchor(anchor, "Kidal 😀 retaken")).toEqual({ start: 6, end: 7 });
  });

  it("finds a quote in a paragraph that moved to another place", () => {
    const moved = [paragraphs[0], paragraphs[2], paragraphs[3], paragraphs[1]].join("\n\n");
    for (const quote of ["This is the most emblematic feat", "historic stronghold", "Tuareg rebellion movements."]) {
      expect(reanchor(anchorOn(original, quote), moved)).toEqual(placeOf(moved, quote));
    }
  });

  it("places a quote that began the text after a new first paragraph, by its suffix", () => {
    const revised = `A new first paragraph.\n\n${original}`;
    expect(reanchor(anchorOn(original, "The ruling junta"), revised)).toEqual(placeOf(revised, "The ruling junta"));
  });

  it("finds a long quote with an edit in it, and orphans it when half of it is gone", () => {
    const quote = `${paragraphs[1]}\n\n${paragraphs[2]}`;
    const anchor = anchorOn(original, quote);
    const revised = original.replace("May 2021", "May of 2021");
    const placement = reanchor(anchor, revised);
    expect(placement).toEqual({ start: anchor.start, end: anchor.end + 3 });
    expect(reanchor(anchor, original.replace(paragraphs[2], "Nothing more is known."))).toBeNull();
  });
});

describe("reanchorAll", () => {
  it("splits annotations into placed (with their new offsets) and orphans, keeping their order", () => {
    const revised = `Update.\n\n${original.replace(" Kidal is the historic stronghold of the Tuareg rebellion movements.", "")}`;
    const annotations = [
      { id: "a", ...anchorOn(original, "Kidal airport") },
      { id: "b", ...anchorOn(original, "historic stronghold") },
      { id: "c", ...anchorOn(original, "The ruling junta") },
    ];
    const { placed, orphans } = reanchorAll(annotations, revised);
    expect(placed.map(({ annotation, start, end }) => ({ id: annotation.id, start, end }))).toEqual([
      { id: "a", ...placeOf(revised, "Kidal airport") },
      { id: "c", ...placeOf(revised, "The ruling junta") },
    ]);
    expect(orphans.map((annotation) => annotation.id)).toEqual(["b"]);
  });

  it("agrees with reanchor one by one", () => {
    const revised = [paragraphs[3], paragraphs[0], paragraphs[1].replace("Goïta", "Goita"), "A new paragraph."].join("\n\n");
    const annotations = ["Tuesday from Bamako", "Colonel Assimi Goïta, the leader", "Kidal airport", "Independence Square", "the army."].map((quote) => anchorOn(original, quote));
    const { placed, orphans } = reanchorAll(annotations, revised);
    for (const annotation of annotations) {
      const one = reanchor(annotation, revised);
      const all = placed.find((entry) => entry.annotation === annotation);
      expect(all ? { start: all.start, end: all.end } : null).toEqual(one);
    }
    expect(orphans.map((annotation) => annotation.exact)).toEqual(["Kidal airport"]);
  });

  it("re-anchors 2,000 annotations on a 200 KB text quickly, each in its right place or orphaned", () => {
    let seed = 42;
    // mulberry32: a small seeded generator, so the text and the edits are the same every run.
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let mixed = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
      return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
    };
    const words = original.split(/\s+/);
    const generated: string[] = [];
    for (let length = 0; length < 200_000; length += generated.at(-1)!.length + 2) {
      generated.push(Array.from({ length: 40 + Math.floor(random() * 80) }, () => words[Math.floor(random() * words.length)]).join(" "));
    }
    const text = generated.join("\n\n");
    // The text is all BMP, so UTF-16 offsets are code points here.
    const annotations = Array.from({ length: 2_000 }, () => {
      const start = Math.floor(random() * (text.length - 2_000));
      const end = start + 5 + Math.floor(random() * (random() < 0.05 ? 1_500 : 120));
      return { start, end, exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) };
    });

    // Edits: a paragraph inserted at the top, 40 one-letter changes, a paragraph deleted.
    const typos = Array.from({ length: 40 }, () => Math.floor(random() * text.length));
    const chars = text.split("");
    for (const at of typos) chars[at] = "#";
    const deletedFrom = text.indexOf(generated[200]!);
    const deletedTo = deletedFrom + generated[200]!.length + 2;
    const inserted = "Correction appended.\n\n";
    const revised = inserted + chars.slice(0, deletedFrom).join("") + chars.slice(deletedTo).join("");
    const moved = (offset: number) => inserted.length + (offset < deletedFrom ? offset : offset - (deletedTo - deletedFrom));

    const started = performance.now();
    const { placed, orphans } = reanchorAll(annotations, revised);
    const ms = performance.now() - started;
    console.log(`reanchorAll: ${annotations.length} annotations on ${Math.round(revised.length / 1000)} KB in ${ms.toFixed(0)} ms (${placed.length} placed, ${orphans.length} orphans)`);

    expect(placed.length + orphans.length).toBe(2_000);
    const overlapsDeletion = (annotation: QuoteAnchor) => annotation.start < deletedTo && deletedFrom < annotation.end;
    const hasTypo = (annotation: QuoteAnchor) => typos.some((at) => at >= annotation.start && at < annotation.end);
    for (const { annotation, start, end } of placed) {
      if (overlapsDeletion(annotation)) continue;
      if (hasTypo(annotation)) expect(Math.abs(start - moved(annotation.start))).toBeLessThanOrEqual(1);
      else expect({ start, end }).toEqual({ start: moved(annotation.start), end: moved(annotation.end) });
    }
    // Only annotations that lost text may be orphaned.
    expect(orphans.every((annotation) => overlapsDeletion(annotation) || hasTypo(annotation))).toBe(true);
    expect(ms).toBeLessThan(20_000);
  });
});
