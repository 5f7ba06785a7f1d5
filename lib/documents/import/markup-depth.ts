/** Elements that never hold children, or that HTML closes implicitly, so they add no depth. */
const NO_DEPTH = new Set(
  "area base br col embed hr img input link meta param source track wbr p li dt dd option tr td th thead tbody tfoot".split(" "),
);
const TAG = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
/**
 * Containers whose implicitly closed children nest with them: each <table> level is table,
 * tbody, tr and td in the parsed tree, each list level the list and its item. Counting them
 * once let "<table><tr><td>" repeated 300 times (1,200 levels) past the limit.
 */
const DEPTH_WEIGHT: Record<string, number> = { table: 4, ul: 2, ol: 2, menu: 2, dl: 2 };

/**
 * Whether markup nests elements deeper than `limit`, by a linear scan of its tags. Parsing
 * pathologically nested HTML takes jsdom seconds to minutes, so such input is turned away
 * before it is parsed; real articles nest a few dozen levels at most.
 */
export function markupNestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  for (const [, closing, name = "", selfClosing] of html.matchAll(TAG)) {
    const tag = name.toLowerCase();
    if (NO_DEPTH.has(tag) || selfClosing) continue;
    const weight = DEPTH_WEIGHT[tag] ?? 1;
    depth = closing ? Math.max(0, depth - weight) : depth + weight;
    if (depth > limit) return true;
  }
  return false;
}
