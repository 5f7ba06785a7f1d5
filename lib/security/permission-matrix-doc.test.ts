import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATED_END, GENERATED_START, renderPermissionTables, withGeneratedTables } from "./permission-matrix-doc.ts";

describe("docs/permissions.md", () => {
  it("holds the tables the permission matrix generates (run `npm run docs:permissions` if not)", () => {
    const document = fs.readFileSync("docs/permissions.md", "utf8");
    expect(document.includes(renderPermissionTables()), "docs/permissions.md is out of date: run `npm run docs:permissions`").toBe(true);
  });

  it("replaces only the generated part, keeping the text around it", () => {
    const document = `# Title\n\nHand-written.\n\n${GENERATED_START}\nstale\n${GENERATED_END}\n\nAfter.\n`;
    expect(withGeneratedTables(document, "NEW")).toBe("# Title\n\nHand-written.\n\nNEW\n\nAfter.\n");
    expect(withGeneratedTables("# Title\n", "NEW")).toBe("# Title\n\nNEW\n");
  });
});
