import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { renderCsv } from "./render-csv.ts";
import { HOSTILE_FORMULA, HOSTILE_SCRIPT, sampleExportModel } from "./sample-export-model.ts";

async function rows() {
  const csv = await renderCsv(sampleExportModel());
  return { csv, rows: parse(csv, { bom: true, columns: true }) as Record<string, string>[] };
}

describe("renderCsv", () => {
  it("starts with a UTF-8 BOM and a header", async () => {
    const { csv } = await rows();
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1, csv.indexOf("\r\n"))).toBe("type,number,id,thread_id,parent_id,quote,start,end,tag,sub_label,author_id,author,created,resolved,text");
  });

  it("has one row per highlight and per comment, comments after their highlight", async () => {
    const { rows: all } = await rows();
    expect(all.map((row) => `${row.type}:${row.id}`)).toEqual(["highlight:h1", "comment:c1", "comment:c2", "highlight:h2", "highlight:h3", "comment:c3"]);
    expect(all[0]).toMatchObject({ number: "1", quote: "enormous land and air resources", tag: "propaganda", sub_label: "Loaded language", author: "Awa Traoré", resolved: "no" });
    expect(all[2]).toMatchObject({ thread_id: "h1", parent_id: "c1", created: "2026-11-30T09:11:00.000Z" });
    expect(all[4]).toMatchObject({ resolved: "yes", quote: "'= signs were everywhere" });
  });

  it("neutralises every cell a spreadsheet would run as a formula, and keeps the rest as written", async () => {
    const { rows: all } = await rows();
    expect(all[2]!.text).toBe(`'${HOSTILE_FORMULA} **agreed** @[Ben](user:user-ben)`);
    expect(all[5]!.text).toBe("'-1 for vagueness");
    expect(all[1]!.text).toContain(HOSTILE_SCRIPT);
    for (const row of all) for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });
});
