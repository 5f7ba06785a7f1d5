import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CommentBody } from "./comment-body.tsx";

const render = (body: string, props: Omit<Parameters<typeof CommentBody>[0], "body"> = {}) =>
  renderToStaticMarkup(<CommentBody body={body} {...props} />);

describe("CommentBody", () => {
  it("renders HTML in a body as inert text", () => {
    const html = render(`<script>alert(1)</script> <img src=x onerror="alert(1)"> <a href="javascript:alert(1)">x</a>`);
    expect(html).not.toMatch(/<script|<img|<a\b/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("never links a javascript: or data: URL", () => {
    const html = render("[click me](javascript:alert(document.cookie)) [x](data:text/html,<b>) javascript:alert(1)");
    expect(html).not.toContain("<a");
    expect(html).toContain("[click me](javascript:alert(document.cookie))");
  });

  it("renders paragraphs, line breaks, emphasis, code, lists and quotes as elements", () => {
    const html = render("**Bold** and _soft_ and `a<b`\nnext line\n\n- one\n- two\n\n> quoted");
    expect(html).toBe(
      '<div class="comment-body">' +
        "<p><strong>Bold</strong> and <em>soft</em> and <code>a&lt;b</code><br/>next line</p>" +
        "<ul><li>one</li><li>two</li></ul>" +
        "<blockquote><p>quoted</p></blockquote>" +
        "</div>",
    );
  });

  it("opens links in a new tab without handing over the opener, and says so", () => {
    const html = render("See [the source](https://example.com/a?b=1&c=2).");
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow ugc" target="_blank">the source' +
        '<span class="visually-hidden"> (opens in a new tab)</span></a>',
    );
  });

  it("shows mentions with the member's current name and marks the current user's", () => {
    const body = "@[Old Name](user:u1) and @[Bo](user:u2) and @[Gone](user:u3)";
    const html = render(body, { members: [{ id: "u1", name: "New Name" }, { id: "u2", name: "Bo" }], currentUserId: "u2" });
    expect(html).toContain('<span class="mention" data-user-id="u1">@New Name</span>');
    expect(html).toContain('<span class="mention mention--me" data-user-id="u2">@Bo<span class="visually-hidden"> (you)</span></span>');
    expect(html).toContain('<span class="mention" data-user-id="u3">@Gone</span>');
  });

  it("escapes a mention name that carries markup", () => {
    const html = render('@[<img src=x onerror="alert(1)">](user:u9)');
    expect(html).toContain('data-user-id="u9">@&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</span>');
  });
});
