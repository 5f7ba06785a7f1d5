import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { sessionResults } from "./session-results.ts";
import { sessionResultsCsv } from "./session-results-csv.ts";

describe("results as CSV", () => {
  const results = sessionResults(
    [{ start: 0, end: 10, tag: "propaganda", technique: "loaded-language" }],
    [
      { participantId: "p1", name: "Zoë", spans: [{ start: 5, end: 15, tag: "propaganda", technique: "doubt" }] },
      { participantId: "p2", name: "=HYPERLINK(\"http://evil.example\")", spans: [] },
    ],
  );
  const csv = sessionResultsCsv(results);
  const rows = parse(csv.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];

  it("has a row per participant and label, the class first", () => {
    // overall + 3 tags + 2 techniques (loaded-language from the key, doubt from an answer) = 6 rows each.
    expect(rows).toHaveLength(4 * 6);
    expect(rows.slice(0, 6).every((row) => row.name === "Class (pooled)")).toBe(true);
    expect(rows.slice(6, 12).every((row) => row.name === "Class (mean of students)")).toBe(true);
    expect(rows.filter((row) => row.participant_id === "p1").map((row) => `${row.scope}:${row.label}`)).toEqual([
      "overall:",
      "tag:propaganda",
      "tag:sourcing",
      "tag:context",
      "technique:doubt",
      "technique:loaded-language",
    ]);
  });

  it("writes the figures and counts", () => {
    const zoePropaganda = rows.find((row) => row.participant_id === "p1" && row.label === "propaganda");
    expect(zoePropaganda).toMatchObject({ name: "Zoë", precision: "0.5000", recall: "0.5000", f1: "0.5000", answer_spans: "1", key_spans: "1" });
  });

  it("keeps a formula-looking name inert, and starts with a BOM", () => {
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(rows.find((row) => row.participant_id === "p2")?.name).toBe("'=HYPERLINK(\"http://evil.example\")");
  });
});
