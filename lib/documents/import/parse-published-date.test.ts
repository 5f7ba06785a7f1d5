import { describe, expect, it } from "vitest";
import { parsePublishedDate } from "./parse-published-date.ts";

describe("parsePublishedDate", () => {
  it.each([
    ["2024-03-05T08:30:00Z", "2024-03-05T08:30:00.000Z"],
    ["2024-03-05T09:30:00+01:00", "2024-03-05T08:30:00.000Z"],
    ["2024-03-05", "2024-03-05T00:00:00.000Z"],
    [" 2024-03-05 ", "2024-03-05T00:00:00.000Z"],
    ["Tue, 05 Mar 2024 08:30:00 GMT", "2024-03-05T08:30:00.000Z"],
  ])("reads %j", (value, iso) => {
    expect(parsePublishedDate(value)?.toISOString()).toBe(iso);
  });

  it.each([null, undefined, "", "yesterday", "May 4", "2024-13-45", "not 2024 a date"])("rejects %j", (value) => {
    expect(parsePublishedDate(value)).toBeNull();
  });
});
