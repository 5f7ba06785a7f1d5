import { describe, expect, it } from "vitest";
import { DEFAULT_EXPORT_OPTIONS } from "./export-model.ts";
import { parseExportOptions } from "./export-options.ts";
import { exportUrl } from "./export-url.ts";

describe("exportUrl", () => {
  it("names only what differs from the defaults", () => {
    expect(exportUrl("doc-1", { format: "html", options: DEFAULT_EXPORT_OPTIONS })).toBe("/api/v1/documents/doc-1/export?format=html");
  });

  it("writes every choice so the route reads it back unchanged", () => {
    const options = { tags: ["propaganda" as const, "context" as const], labels: ["loaded-language"], authors: ["u-1", "u-2"], comments: false, resolved: false, anonymize: true };
    const url = exportUrl("doc-1", { format: "md", options, disposition: "inline" });
    expect(url).toBe("/api/v1/documents/doc-1/export?format=md&tags=propaganda,context&labels=loaded-language&authors=u-1,u-2&comments=0&resolved=0&anonymize=1&disposition=inline");
    expect(parseExportOptions(new URL(url, "http://x").searchParams)).toEqual({ format: "md", disposition: "inline", options });
  });
});
