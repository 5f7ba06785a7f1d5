// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { offsetOfPoint, offsetsOfRange, pointAtOffset, rangeAtOffsets } from "./dom-offsets.ts";

/** The article body as the highlighter renders it: blocks with offsets, marks nested inside. */
function render(): HTMLElement {
  const root = document.createElement("div");
  root.innerHTML =
    '<p data-block="0" data-offset="0" data-length="12">Mali <mark data-annotation-id="a">army 👍</mark> won</p>' +
    '<h2 data-block="1" data-offset="14" data-length="5">Kidal</h2>';
  document.body.replaceChildren(root);
  return root;
}

describe("dom offsets", () => {
  it("counts code points across marks and emoji", () => {
    const root = render();
    const mark = root.querySelector("mark")!;
    const afterEmoji = mark.firstChild as Text;
    expect(offsetOfPoint(root, afterEmoji, afterEmoji.data.length)).toBe(11);
    expect(offsetOfPoint(root, root.querySelector("p")!.lastChild!, 1)).toBe(12);
    expect(offsetOfPoint(root, root.querySelector("h2")!.firstChild!, 2)).toBe(16);
  });

  it("round-trips offsets through DOM points", () => {
    const root = render();
    for (const offset of [0, 3, 5, 9, 11, 12, 14, 19]) {
      const point = pointAtOffset(root, offset)!;
      expect(offsetOfPoint(root, point.node, point.offset)).toBe(offset);
    }
    const range = rangeAtOffsets(root, { start: 5, end: 16 })!;
    expect(range.toString()).toBe("army 👍 wonKi");
    expect(offsetsOfRange(root, range)).toEqual({ start: 5, end: 16 });
  });

  it("snaps points between blocks and ignores ranges outside the body", () => {
    const root = render();
    expect(offsetOfPoint(root, root, 1, "start")).toBe(14);
    expect(offsetOfPoint(root, root, 1, "end")).toBe(12);
    const outside = document.createElement("p");
    outside.textContent = "header";
    document.body.prepend(outside);
    const range = document.createRange();
    range.setStart(outside.firstChild!, 0);
    range.setEnd(outside.firstChild!, 3);
    expect(offsetsOfRange(root, range)).toBeNull();
    range.setEnd(root.querySelector("p")!.firstChild!, 4);
    expect(offsetsOfRange(root, range)).toEqual({ start: 0, end: 4 });
  });
});
