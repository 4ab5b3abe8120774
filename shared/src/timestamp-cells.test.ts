import { describe, expect, test } from "vitest";
import { parseDateCell, plainDateToSerial, serialToMinutes } from "./cell-values.ts";
import { instantToRomeSerial, isoInstantToSerial, parseTimestampCell, romeSerialToInstant } from "./timestamp-cells.ts";

/** Timestamp cells hold Rome wall-clock time; the code keeps the instant. */

const serialOf = (year: number, month: number, day: number, hours: number, minutes: number) =>
  plainDateToSerial({ year, month, day }) + (hours * 60 + minutes) / 1440;

describe("timestamps as Rome date-time cells", () => {
  test.each([
    // Summer time (UTC+2), winter time (UTC+1), and 23:30 UTC that is already the next day in Rome.
    { instant: "2026-07-15T08:05:00.000Z", rome: [2026, 7, 15, 10, 5] },
    { instant: "2027-01-19T09:00:00.000Z", rome: [2027, 1, 19, 10, 0] },
    { instant: "2026-11-30T23:30:00.000Z", rome: [2026, 12, 1, 0, 30] },
    { instant: "2026-06-30T23:30:00.000Z", rome: [2026, 7, 1, 1, 30] },
  ] as const)("$instant is shown as Rome wall-clock time and reads back as the same instant", ({ instant, rome }) => {
    const serial = isoInstantToSerial(instant);
    expect(serial).toBeCloseTo(serialOf(rome[0], rome[1], rome[2], rome[3], rome[4]), 9);
    expect(parseDateCell(serial)).toEqual({ year: rome[0], month: rome[1], day: rome[2] });
    expect(serialToMinutes(serial)).toBe(rome[3] * 60 + rome[4]);
    expect(parseTimestampCell(serial)).toBe(instant);
  });

  test("milliseconds survive the round trip", () => {
    const instant = new Date("2026-03-29T01:59:59.999Z");
    expect(romeSerialToInstant(instantToRomeSerial(instant)).toISOString()).toBe(instant.toISOString());
  });

  test("the spring change (29 March 2026): 00:30 UTC is 01:30 in Rome, 01:30 UTC already 03:30", () => {
    expect(instantToRomeSerial(new Date("2026-03-29T00:30:00Z"))).toBeCloseTo(serialOf(2026, 3, 29, 1, 30), 9);
    expect(instantToRomeSerial(new Date("2026-03-29T01:30:00Z"))).toBeCloseTo(serialOf(2026, 3, 29, 3, 30), 9);
    expect(parseTimestampCell(serialOf(2026, 3, 29, 3, 30))).toBe("2026-03-29T01:30:00.000Z");
  });

  test("the autumn change (25 October 2026): 02:30 happens twice in Rome, and the cell reads as the second", () => {
    expect(instantToRomeSerial(new Date("2026-10-25T00:30:00Z"))).toBeCloseTo(serialOf(2026, 10, 25, 2, 30), 9);
    expect(instantToRomeSerial(new Date("2026-10-25T01:30:00Z"))).toBeCloseTo(serialOf(2026, 10, 25, 2, 30), 9);
    expect(parseTimestampCell(serialOf(2026, 10, 25, 2, 30))).toBe("2026-10-25T01:30:00.000Z");
    expect(parseTimestampCell(serialOf(2026, 10, 25, 3, 30))).toBe("2026-10-25T02:30:00.000Z");
  });

  test("a date and time typed as in Italy is Rome time", () => {
    expect(parseTimestampCell("03/11/2026 10:00")).toBe("2026-11-03T09:00:00.000Z");
    expect(parseTimestampCell("03/07/2026 10.00")).toBe("2026-07-03T08:00:00.000Z");
    expect(parseTimestampCell("03/07/2026")).toBe("2026-07-02T22:00:00.000Z");
    // ISO without a zone: Rome time too.
    expect(parseTimestampCell("2026-11-03 10:00")).toBe("2026-11-03T09:00:00.000Z");
    expect(parseTimestampCell("2026-07-03T10:00:30")).toBe("2026-07-03T08:00:30.000Z");
  });

  test("anything else is no timestamp", () => {
    for (const value of [
      "",
      "ieri",
      "31/02/2026 10:00",
      "03/11/2026 25:00",
      "2026-11-03T25:00",
      "2026-13-03 09:00",
      true,
      null,
      Number.NaN,
      -5,
    ]) {
      expect(parseTimestampCell(value), String(value)).toBeUndefined();
    }
  });
});
