/** Elements that never hold children, or that HTML closes implicitly, so they add no depth. */
const NO_DEPTH = new Set(
  "area base br col embed hr img input link meta param source track wbr p li dt dd option tr td th thead tbody tfoot".split(" "),
);
const TAG = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;

/**
 * Whether markup nests elements deeper than `limit`, by a linear scan of its tags. Parsing
 * pathologically nested HTML takes jsdom seconds to minutes, so such input is turned away
 * before it is parsed; real articles nest a few dozen levels at most.
 */
export function markupNestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  for (const [, closing, name = "", selfClosing] of html.matchAll(TAG)) {
    if (NO_DEPTH.has(name.toLowerCase()) || selfClosing) continue;
    depth = closing ? Math.max(0, depth - 1) : depth + 1;
    if (depth > limit) return true;
  }
  return false;
}
