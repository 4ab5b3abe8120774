import { describe, expect, test } from "vitest";
import { parseDateCell, parseTimeCell, plainDateToSerial, serialToPlainDate } from "./cell-values.ts";

describe("parseDateCell()", () => {
  test.each([
    ["a serial number (Google SERIAL_NUMBER, Excel)", 46406, { year: 2027, month: 1, day: 19 }],
    ["a serial with a time part", 46406.4166666, { year: 2027, month: 1, day: 19 }],
    ["dd/mm/yyyy typed by hand", "19/01/2027", { year: 2027, month: 1, day: 19 }],
    ["d/m/yy", "9/3/27", { year: 2027, month: 3, day: 9 }],
    ["dd.mm.yyyy", "16.03.2027", { year: 2027, month: 3, day: 16 }],
    ["ISO text", "2027-01-19", { year: 2027, month: 1, day: 19 }],
    ["ISO with a time", "2027-01-19T10:00:00+01:00", { year: 2027, month: 1, day: 19 }],
    ["surrounding spaces", "  20/01/2027 ", { year: 2027, month: 1, day: 20 }],
    ["29 February of a leap year", "29/02/2028", { year: 2028, month: 2, day: 29 }],
  ])("reads %s", (_what, cell, expected) => {
    expect(parseDateCell(cell)).toEqual(expected);
  });

  test.each([
    ["31 February", "31/02/2027"],
    ["29 February of a common year", "29/02/2027"],
    ["month 13", "01/13/2027"],
    ["US order with day > 12", "01/31/2027"],
    ["words", "martedì prossimo"],
    ["an empty cell", null],
    ["a boolean", true],
    ["a negative serial", -3],
  ])("rejects %s", (_what, cell) => {
    expect(parseDateCell(cell)).toBeUndefined();
  });

  test("serials round-trip", () => {
    for (const date of [
      { year: 1999, month: 12, day: 31 },
      { year: 2027, month: 3, day: 28 },
      { year: 2028, month: 2, day: 29 },
    ]) {
      expect(serialToPlainDate(plainDateToSerial(date))).toEqual(date);
    }
  });
});

describe("parseTimeCell()", () => {
  test.each([
    ["a time fraction", 10 / 24, 600],
    ["a fraction with float noise", 0.4166666667, 600],
    ["a full serial with a time", 46406 + 15.5 / 24, 930],
    ["HH:MM", "10:00", 600],
    ["H:MM", "9:30", 570],
    ["HH.MM, as often typed in Italy", "14.30", 870],
    ["HH:MM:SS", "10:00:00", 600],
  ])("reads %s", (_what, cell, minutes) => {
    expect(parseTimeCell(cell)).toBe(minutes);
  });

  test.each([["25:00"], ["10:75"], ["dieci"], [""]])("rejects %s", (cell) => {
    expect(parseTimeCell(cell)).toBeUndefined();
  });
});
