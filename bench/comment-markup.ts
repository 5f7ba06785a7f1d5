/**
 * What reading comment markup costs on the annotation page: 2,000 distinct comment bodies of
 * about 300 characters (emphasis, links, mentions, code, lists), parsed once cold and then again
 * as a re-render does (trees are kept per body), plus their plain text as search uses it.
 * Prints one JSON line.
 *
 *   npx tsx bench/comment-markup.ts
 */
import { mentionToken, parseCommentMarkup } from "@/lib/comments/comment-markup.ts";
import { commentPlainText } from "@/lib/comments/comment-plain-text.ts";

const BODIES = 2_000;
const MARKED_WORDS = [
  "the", "minister", "said", "that", "**every**", "school", "would", "get", "_new_", "funding,", "but",
  "see", "[the report](https://example.org/report)", mentionToken("Ada Lovelace", "u-1"), "`x * y`",
  "https://example.com/a_b", "sources", "disagree.", "~~cheap~~", "figures", "from", "2019",
];
const PROSE_WORDS = ["the", "minister", "said", "that", "every", "school", "would", "get", "new", "funding,", "but", "sources", "disagree.", "figures", "from", "2019"];

/** A deterministic pseudo-random sequence, so every run parses the same bodies. */
function random(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** Bodies of about 300 characters; with markup, every one holds some, as a worst case. */
export function commentBodies(markup: boolean): string[] {
  const WORDS = markup ? MARKED_WORDS : PROSE_WORDS;
  const next = random(7);
  return Array.from({ length: BODIES }, (_, index) => {
    let body = markup && index % 10 === 0 ? "> quoted claim\n\n" : "";
    while (body.length < 300) body += WORDS[Math.floor(next() * WORDS.length)] + (next() < 0.04 ? "\n" : " ");
    return markup && index % 7 === 0 ? `${body}\n\n- first point\n- second point` : `${body}#${index}`;
  });
}

function timeMs(run: () => void): number {
  const started = performance.now();
  run();
  return Math.round(performance.now() - started);
}

function measure(markup: boolean) {
  const all = commentBodies(markup);
  // Warm the JIT on other bodies, so the cold figure is the parser, not the compiler.
  for (const body of all.slice(0, 200)) parseCommentMarkup(`${body} warm-up`);
  const coldMs = timeMs(() => all.forEach((body) => parseCommentMarkup(body)));
  const cachedMs = timeMs(() => all.forEach((body) => parseCommentMarkup(body)));
  const plainTextCachedMs = timeMs(() => all.forEach((body) => commentPlainText(body)));
  const averageLength = Math.round(all.reduce((sum, body) => sum + body.length, 0) / all.length);
  return { bodies: all.length, averageLength, coldMs, cachedMs, plainTextCachedMs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify({ bench: "comment-markup", marked: measure(true), prose: measure(false) }));
}
