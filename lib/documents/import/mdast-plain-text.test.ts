import { describe, expect, it } from "vitest";
import { mdastPlainText } from "./mdast-plain-text.ts";
import { parseMarkdownTree } from "./parse-markdown-tree.ts";

/** The words of the first block of `markdown`, whitespace collapsed as the article reader does. */
function markdownInlineText(markdown: string): string {
  const first = parseMarkdownTree(markdown)?.children[0];
  return first ? mdastPlainText(first).replace(/\s+/g, " ").trim() : "";
}

describe("mdastPlainText", () => {
  it.each([
    ["links keep their text", "Read [the report](https://example.org/report \"Report\") today.", "Read the report today."],
    ["links with parentheses in the address", "See [Kidal](https://en.wikipedia.org/wiki/Kidal_(town)).", "See Kidal."],
    ["reference links keep their text", "As [the minister][1] said, and [again][].\n\n[1]: https://a.example\n[again]: /b", "As the minister said, and again."],
    ["undefined references stay as written (CommonMark)", "As [the minister][1] said.", "As [the minister][1] said."],
    ["images are dropped", "Before ![A map](map.png \"Map\") after.", "Before after."],
    ["reference images are dropped", "Before ![A map][map] after.\n\n[map]: map.png", "Before after."],
    ["linked images are dropped", "Click [![badge](b.svg)](https://x.example) now.", "Click now."],
    ["bold and italic lose their markers", "**Bold**, *italic*, _also italic_, __bold__ and ***both***.", "Bold, italic, also italic, bold and both."],
    ["nested emphasis", "*An **important** point*", "An important point"],
    ["strikethrough", "It was ~~cheap~~ expensive.", "It was cheap expensive."],
    ["code spans are kept literally", "Run `npm *install*` or ``a ` tick``.", "Run npm *install* or a ` tick."],
    ["underscores inside words stay", "The snake_case_name and 2*3 = 6.", "The snake_case_name and 2*3 = 6."],
    ["lone asterisks stay", "5 * 3 * 2 = 30", "5 * 3 * 2 = 30"],
    ["backslash escapes", "\\*not italic\\* and \\[not a link\\](x) and a \\`tick\\`", "*not italic* and [not a link](x) and a `tick`"],
    ["raw HTML tags are stripped", "A <span class=\"x\">styled</span> <b>word</b><br>next<br/>line.", "A styled word next line."],
    ["script and style content vanish with their tags", "Hi<script>alert('x')</script> there<style>p{}</style>.", "Hi there."],
    ["HTML comments vanish", "Visible <!-- hidden note --> text.", "Visible text."],
    ["autolinks read as their address", "Mail <mailto:desk@news.example> or see <https://news.example/a_b_c>.", "Mail desk@news.example or see https://news.example/a_b_c."],
    ["footnote markers are dropped", "A claim.[^1] Another.[^note]\n\n[^1]: One.\n[^note]: Two.", "A claim. Another."],
    ["entities are decoded", "Fish &amp; chips &mdash; &#8220;cheap&#x201D;&nbsp;again &unknown;", "Fish & chips — “cheap” again &unknown;"],
    ["comparisons are not tags", "If a < b and c > d then 3<4.", "If a < b and c > d then 3<4."],
    ["line breaks and spaces collapse", "One  line\nand   the  next  \nand\\\nthe last", "One line and the next and the last"],
  ])("%s", (_, markdown, text) => {
    expect(markdownInlineText(markdown)).toBe(text);
  });

  it.each([
    ["unpaired markers stay as text", "*footnote, 2 ** 3 and a_b", "*footnote, 2 ** 3 and a_b"],
    ["emphasis next to punctuation", "(_aside_) and \"*quoted*\".", "(aside) and \"quoted\"."],
    ["a single tilde is not strikethrough", "~5 km, ~~gone~~", "~5 km, gone"],
    ["an unmatched backtick run stays", "``not closed and `code`", "``not closed and code"],
  ])("%s", (_, markdown, text) => {
    expect(markdownInlineText(markdown)).toBe(text);
  });
});
