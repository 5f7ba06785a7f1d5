import { describe, expect, it } from "vitest";
import { contentDisposition } from "./content-disposition.ts";

describe("contentDisposition", () => {
  const date = new Date(Date.UTC(2026, 10, 30, 23, 59));

  it("names the file for the title and the date, with an ASCII fallback and the exact name in filename*", () => {
    expect(contentDisposition({ title: "Mali : l’armée reprend Kidal", date, extension: "html", disposition: "attachment" })).toBe(
      "attachment; filename=\"mali-l-armee-reprend-kidal-2026-11-30.html\"; filename*=UTF-8''Mali%20l%E2%80%99arm%C3%A9e%20reprend%20Kidal%202026-11-30.html",
    );
  });

  it("keeps quotes, slashes and line breaks out of the header", () => {
    const header = contentDisposition({ title: 'A "quoted"/path\r\nInjected: yes', date, extension: "md", disposition: "inline" });
    expect(header).toMatch(/^inline; filename="a-quoted-path-injected-yes-2026-11-30\.md"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/);
  });

  it("falls back to 'article' when nothing ASCII is left", () => {
    expect(contentDisposition({ title: "基达尔", date, extension: "csv", disposition: "attachment" })).toMatch(/^attachment; filename="article-2026-11-30\.csv"; filename\*=UTF-8''%E5/);
  });
});
